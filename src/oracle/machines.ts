import type { Engine } from '../index.js';
import { agreement, type Agreement } from './agreement.js';
import { cpumodelAnswerer } from './answer.js';
import { machineArgs, QemuProcess } from './qemu-process.js';
import type { QmpRequest } from './requests.js';

/** A machine as `query-machines` lists it (the fields cpumodel keeps as data). */
export interface MachineListing {
  name: string;
  alias?: string;
  deprecated: boolean;
}

type Model = { name: string; props?: Record<string, boolean> };
const expansion = (type: string, model: Model): QmpRequest => ({ execute: 'query-cpu-model-expansion', arguments: { type, model } });
const pair = (execute: string, a: Model, b: Model): QmpRequest => ({ execute, arguments: { modela: { ...a }, modelb: { ...b } } });

/**
 * The requests that show what a machine changes: query-cpu-definitions; every
 * model's static and full expansion; `qemu` compared and baselined with every
 * model both ways; every `<def>` against its `-base`; and every `<def>` with
 * the features the oldest machine switches off turned back on (`oldest`: the
 * engine of that machine).
 */
export function machineRequests(engine: Engine, oldest: Engine): QmpRequest[] {
  const names = [...engine.catalog.keys()];
  const out: QmpRequest[] = [{ execute: 'query-cpu-definitions' }];
  for (const name of names) out.push(expansion('static', { name }), expansion('full', { name }));
  for (const name of names) {
    for (const [a, b] of [['qemu', name], [name, 'qemu']] as const) {
      out.push(pair('query-cpu-model-comparison', { name: a }, { name: b }), pair('query-cpu-model-baseline', { name: a }, { name: b }));
    }
  }
  for (const def of engine.rules.definitions) {
    out.push(pair('query-cpu-model-comparison', { name: def.name }, { name: `${def.name}-base` }));
    out.push(pair('query-cpu-model-baseline', { name: def.name }, { name: `${def.name}-base` }));
    const lost = engine.catalog.get(def.name)!.initial.andNot(oldest.catalog.get(def.name)!.initial);
    if (lost.isEmpty()) continue;
    const props = Object.fromEntries([...lost].map((f) => [engine.rules.features[f]!.name, true]));
    out.push(expansion('full', { name: def.name, props }), pair('query-cpu-model-comparison', { name: def.name, props }, { name: def.name }));
  }
  return out;
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
export async function machineAgreement(binary: string, engineFor: (machine?: string) => Engine): Promise<Agreement & { machines: number }> {
  const runs = (await listMachines(binary)).flatMap((m) => [m.name, ...(m.alias ? [m.alias] : [])]);
  const oldest = engineFor().rules.machines.at(-1)?.name;
  const requests = machineRequests(engineFor(), engineFor(oldest));
  const replies = await askMachines(binary, runs, requests);
  const total: Agreement & { machines: number } = { machines: runs.length, total: 0, semantic: 0, exact: 0, errors: 0, errorTexts: 0, mismatches: [] };
  runs.forEach((machine, i) => {
    const ours = cpumodelAnswerer(engineFor(machine));
    const a = agreement(requests, replies[i]!, requests.map((r) => JSON.parse(ours(r))));
    for (const key of ['total', 'semantic', 'exact', 'errors', 'errorTexts'] as const) total[key] += a[key];
    total.mismatches.push(...a.mismatches);
  });
  return total;
}
