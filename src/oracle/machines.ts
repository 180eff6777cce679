import type { ArchEngine, OracleHooks, QueryRequest as QmpRequest } from '../index.js';
import { agreement, type Agreement } from './agreement.js';
import { lineAnswerer } from './answer.js';
import { parseExact, writeExact } from './exact-json.js';
import { machineArgs, QemuProcess } from './qemu-process.js';

/** A machine as `query-machines` lists it (the fields cpumodel keeps as data). */
export interface MachineListing {
  name: string;
  alias?: string;
  deprecated: boolean;
}

/** The machine types a binary offers (`none` left out), sorted by name. */
export async function listMachines(binary: string): Promise<MachineListing[]> {
  const qemu = await QemuProcess.start(binary);
  try {
    const [reply] = (await qemu.batch([{ execute: 'query-machines' }])) as { return: MachineListing[] }[];
    return reply!.return.filter((m) => m.name !== 'none')
      .map((m) => ({ name: m.name, ...(m.alias ? { alias: m.alias } : {}), deprecated: m.deprecated === true }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    await qemu.close();
  }
}

/** `ask` of QEMU started paused with each `-machine NAME` (and `-L dataDir` when given), a few machines at a time. */
async function eachMachine<T>(binary: { path: string; dataDir?: string }, machines: readonly string[], parallel: number,
  ask: (qemu: QemuProcess) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(machines.length);
  let next = 0;
  const worker = async () => {
    while (next < machines.length) {
      const i = next++;
      const qemu = await QemuProcess.start(binary.path, { args: machineArgs(machines[i]!, binary.dataDir) });
      try {
        out[i] = await ask(qemu);
      } finally {
        await qemu.close();
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/** Each machine's replies to the requests. */
export function askMachines(binary: string, machines: readonly string[], requests: readonly QmpRequest[], parallel = 4): Promise<unknown[][]> {
  return eachMachine({ path: binary }, machines, parallel, (qemu) => qemu.batch(requests));
}

/** Each machine's reply lines to the request lines, exact; `dataDir`: the binary's own firmware (`-L`). */
export function askMachineLines(binary: { path: string; dataDir?: string }, machines: readonly string[],
  requests: readonly string[], parallel = 4): Promise<string[][]> {
  return eachMachine(binary, machines, parallel, (qemu) => qemu.batchLines(requests));
}

/**
 * Agreement under every machine type the binary offers: `engineFor(name)` is
 * cpumodel's engine for that machine (undefined: the default one).
 */
export async function machineAgreement(binary: { path: string; dataDir?: string }, hooks: OracleHooks,
  engineFor: (machine?: string) => ArchEngine): Promise<Agreement & { machines: number }> {
  const runs = (await listMachines(binary.path)).flatMap((m) => [m.name, ...(m.alias ? [m.alias] : [])]);
  const requests = hooks.machineRequests(engineFor(), engineFor(hooks.oldestMachine(engineFor())));
  const lines = requests.map(writeExact);
  const replies = await askMachineLines(binary, runs, lines);
  const total: Agreement & { machines: number } = { machines: runs.length, total: 0, semantic: 0, exact: 0, errors: 0, errorTexts: 0, mismatches: [] };
  runs.forEach((machine, i) => {
    const ours = lineAnswerer(engineFor(machine));
    const a = agreement(requests, replies[i]!.map(parseExact), lines.map((l) => parseExact(ours(l))));
    for (const key of ['total', 'semantic', 'exact', 'errors', 'errorTexts'] as const) total[key] += a[key];
    total.mismatches.push(...a.mismatches);
  });
  return total;
}
