import { builtinEngine, builtinRules, TARGETS, type ArchEngine, type Target } from '../index.js';
import { agreement, percent, type Agreement } from '../oracle/agreement.js';
import { lineAnswerer } from '../oracle/answer.js';
import { findQemu, type QemuBinary, type QemuVersion } from '../oracle/binaries.js';
import { parseExact, writeExact } from '../oracle/exact-json.js';
import { machineAgreement } from '../oracle/machines.js';
import { QemuProcess } from '../oracle/qemu-process.js';
import { realizeAll, realizeMismatches } from '../oracle/realize.js';
import { print, positionals, type Ctx } from './context.js';
import { archOption } from './session.js';
import { usageError } from './errors.js';
import { parseModelSpec } from './spec.js';
import { table } from './table.js';

export const help = `usage: cpumodel agreement [--arch A] [--count N] [--seed S] [--profile NAME]

The main job: send the same requests to the live QEMU binaries (7.2 and
10.0.2 of every architecture, installed by \`npm run setup\`) and to cpumodel,
and report how often they agree. Per architecture and version: every model's
static and full expansion, every ordered pair's comparison and baseline
(where QEMU has them), query-cpu-definitions, the CPU object's non-feature properties, N
random requests (default 2000; seed S, default: new each run), realize runs
(-cpu SPEC: warnings and the runnability error), and under every machine
type (-machine NAME) the requests that show what it changes. Exit status 0
only at 100% agreement.`;

/** The QEMU binary version a profile answers for: "7.2.22" → 7.2. */
const binaryVersion = (qemu: string): QemuVersion => qemu.split('.').slice(0, 2).join('.') as QemuVersion;

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

async function measure(target: Target, engine: ArchEngine, binary: QemuBinary, seed: number, count: number): Promise<{ rows: Row[]; ok: boolean }> {
  const hooks = target.policy.oracle;
  const sets = hooks.requestSets(engine, seed, count);
  const ours = lineAnswerer(engine);
  const qemu = await QemuProcess.start(binary.path);
  const rows: Row[] = [];
  let ok = true;
  try {
    for (const [label, requests] of sets) {
      const lines = requests.map(writeExact);
      const replies = (await qemu.batchLines(lines)).map(parseExact);
      const a = agreement(requests, replies, lines.map((l) => parseExact(ours(l))));
      ok &&= a.mismatches.length === 0;
      rows.push(row(label, a));
    }
  } finally {
    await qemu.close();
  }
  if (hooks.realize) {
    const machineEngine = builtinEngine(engine.profile.name, { machine: hooks.realize.machine, arch: target.info.name });
    const realized = await realizeAll(binary.path, hooks.realize.machine, hooks.realize.specs(machineEngine, seed, 150));
    const bad = realizeMismatches(machineEngine, realized, parseModelSpec);
    ok &&= bad.length === 0;
    rows.push(['realize (-cpu SPEC)', String(realized.length), percent(realized.length - bad.length, realized.length), '-', '-']);
  }
  const arch = target.info.name;
  const machines = await machineAgreement(binary, hooks, (machine) => builtinEngine(engine.profile.name, { machine, arch }));
  ok &&= machines.mismatches.length === 0;
  rows.push(row(`compat machines (${machines.machines})`, machines));
  return { rows, ok };
}

/** One architecture's profiles against their live binaries; false unless every answer agreed. */
async function measureTarget(ctx: Ctx, target: Target, seed: number, count: number): Promise<boolean> {
  const arch = target.info.name;
  const profiles = builtinRules(arch).profiles;
  if (ctx.profile !== undefined && !profiles.includes(ctx.profile)) throw usageError(`unknown profile \`${ctx.profile}\``, `known profiles: ${profiles.join(', ')}`);
  let ok = true;
  for (const profile of ctx.profile ? [ctx.profile] : profiles) {
    const engine = builtinEngine(profile, { arch });
    const version = binaryVersion(engine.profile.qemu);
    const binary = findQemu(version, target.info.name);
    if (!binary) {
      print(ctx, [`${arch} ${profile}: ${target.info.qemuBinary} ${version} is not installed (run \`npm run setup\`)`, '']);
      ok = false;
      continue;
    }
    const result = await measure(target, engine, binary, seed, count);
    ok &&= result.ok;
    print(ctx, [`${arch} ${profile} against live QEMU ${binary.version} (${binary.path})`,
      ...table([['requests', 'count', 'equal', 'same order', 'error texts'], ...result.rows]), '']);
  }
  return ok;
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const count = numberOption(ctx, 'count', 2000);
  const seed = numberOption(ctx, 'seed', Date.now() % 1_000_000_007);
  const arch = archOption(ctx);
  let ok = true;
  for (const target of TARGETS.filter((t) => arch === undefined || t.info.name === arch)) ok = (await measureTarget(ctx, target, seed, count)) && ok;
  print(ctx, [ok ? 'agreement: 100%' : 'agreement: NOT 100% (see above)']);
  return ok ? 0 : 1;
}
