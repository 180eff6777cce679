import { builtinEngine, type Engine } from '../index.js';
import { agreement, percent, type Agreement } from '../oracle/agreement.js';
import { cpumodelAnswerer } from '../oracle/answer.js';
import { findQemu, type QemuVersion } from '../oracle/binaries.js';
import { machineAgreement } from '../oracle/machines.js';
import { QemuProcess } from '../oracle/qemu-process.js';
import { realizeAll, realizeMismatches, realizeSpecs } from '../oracle/realize.js';
import { modelSpace, objectPropertyRequests, RequestGenerator, type QmpRequest } from '../oracle/requests.js';
import { print, positionals, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { parseModelSpec } from './spec.js';
import { table } from './table.js';

export const help = `usage: cpumodel agreement [--count N] [--seed S] [--profile NAME]

The main job: send the same requests to the live QEMU binaries (7.2 and
10.0.2, installed by \`npm run setup\`) and to cpumodel, and report how often
they agree. Per version: every model's static and full expansion, every
ordered pair's comparison and baseline, query-cpu-definitions, the CPU
object's non-feature properties, N random requests (default 2000; seed S,
default: new each run), 150 realize runs (-cpu SPEC: dependency warnings
and the runnability error), and under every compat machine type (-machine
NAME): definitions, every model's expansions, \`qemu\` compared and baselined
with every model. Exit status 0 only at 100% agreement.`;

const VERSIONS: Record<string, QemuVersion> = { 'qemu-7.2': '7.2', 'qemu-10.0': '10.0' };

function numberOption(ctx: Ctx, name: string, fallback: number): number {
  const raw = ctx.options[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw usageError(`invalid --${name} \`${String(raw)}\``);
  return n;
}

type Row = [string, string, string, string, string];

function row(label: string, a: Agreement): Row {
  return [label, String(a.total), percent(a.semantic, a.total), percent(a.exact, a.total), `${percent(a.errorTexts, a.errors)} of ${a.errors}`];
}

async function measure(engine: Engine, binary: string, seed: number, count: number): Promise<{ rows: Row[]; ok: boolean }> {
  const sets: [string, QmpRequest[]][] = [
    ['model space', modelSpace([...engine.catalog.keys()])],
    ['CPU object properties', objectPropertyRequests()],
    [`random (seed ${seed})`, new RequestGenerator(engine, seed).take(count)],
  ];
  const ours = cpumodelAnswerer(engine);
  const qemu = await QemuProcess.start(binary);
  const rows: Row[] = [];
  let ok = true;
  try {
    for (const [label, requests] of sets) {
      const replies = await qemu.batch(requests);
      const a = agreement(requests, replies, requests.map((r) => JSON.parse(ours(r))));
      ok &&= a.mismatches.length === 0;
      rows.push(row(label, a));
    }
  } finally {
    await qemu.close();
  }
  const realized = await realizeAll(binary, realizeSpecs(engine, seed, 150));
  const bad = realizeMismatches(engine, realized, parseModelSpec);
  ok &&= bad.length === 0;
  rows.push(['realize (-cpu SPEC)', String(realized.length), percent(realized.length - bad.length, realized.length), '-', '-']);
  const machines = await machineAgreement(binary, (machine) => builtinEngine(engine.rules.profile.name, { machine }));
  ok &&= machines.mismatches.length === 0;
  rows.push(row(`compat machines (${machines.machines})`, machines));
  return { rows, ok };
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const count = numberOption(ctx, 'count', 2000);
  const seed = numberOption(ctx, 'seed', Date.now() % 1_000_000_007);
  const profiles = ctx.profile ? [ctx.profile] : Object.keys(VERSIONS);
  let ok = true;
  for (const profile of profiles) {
    const version = VERSIONS[profile];
    if (!version) throw usageError(`no QEMU binary is known for profile \`${profile}\``);
    const binary = findQemu(version);
    if (!binary) {
      print(ctx, [`${profile}: QEMU ${version} is not installed (run \`npm run setup\`)`, '']);
      ok = false;
      continue;
    }
    const result = await measure(builtinEngine(profile), binary.path, seed, count);
    ok &&= result.ok;
    print(ctx, [`${profile} against live QEMU ${binary.version} (${binary.path})`,
      ...table([['requests', 'count', 'equal', 'same order', 'error texts'], ...result.rows]), '']);
  }
  print(ctx, [ok ? 'agreement: 100%' : 'agreement: NOT 100% (see above)']);
  return ok ? 0 : 1;
}
