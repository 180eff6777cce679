/**
 * 3. Cold CLI queries, wall time from spawn to exit, runs interleaved,
 * medians of ROUNDS, against `node -e 0` and one cold QEMU query (start
 * QEMU, negotiate, one comparison, quit).
 *
 * - `bin/cpumodel` (the launcher users run): from the warm-start snapshot,
 *   s390x and x86 questions;
 * - the first query after a rule file changed (each round edits one in a
 *   copy of the package, then waits for the snapshot rebuilt in the
 *   background, so that rounds do not overlap);
 * - `node bin/cpumodel.js` (the code, no snapshot), with the rule cache
 *   warm, and with no rule cache;
 * - node from a snapshot of nothing: the floor of any snapshot start.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findQemu } from '../src/oracle/binaries.js';
import { QEMU_ARGS } from '../src/oracle/qemu-process.js';
import { copyBuiltPackage, snapshotBuildsSettled } from '../test/cli/package-copy.js';
import { ms, now, ratio, summary, textTable, type Row } from './lib/stats.js';

const ROOT = join(import.meta.dirname, '..');
const ROUNDS = 21;
const QEMU_INPUT = '{"execute":"qmp_capabilities"}\n{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"z13"},"modelb":{"name":"z14"}}}\n{"execute":"quit"}\n';

/** Wall time from spawn to exit, in ms. */
function run(command: string, args: readonly string[], o: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = now();
    const child = spawn(command, [...args], { stdio: ['pipe', 'ignore', 'ignore'], env: o.env ?? process.env, cwd: o.cwd ?? ROOT });
    child.once('exit', (code) => (code === 0 ? resolve(now() - t) : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`))));
    child.stdin!.end(o.input ?? '');
  });
}

interface Case { name: string; run(): Promise<number>; rounds?: number }

async function sample(cases: readonly Case[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await c.run(); // warm the page cache, the rule cache and the snapshots
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) if (r < (c.rounds ?? ROUNDS)) out.get(c.name)!.push(await c.run());
  }
  return out;
}

/** A copy of the built package with its own cache, for edits that must not touch the checkout. */
function packageCopy(dir: string): { pkg: string; env: NodeJS.ProcessEnv } {
  const pkg = join(dir, 'pkg');
  copyBuiltPackage(ROOT, pkg);
  const env = { ...process.env, CPUMODEL_CACHE_DIR: join(dir, 'cache') };
  spawnSync(process.execPath, [join(pkg, 'bin', 'cpumodel.js'), 'snapshot', '--mode', 'root'], { cwd: pkg, env, stdio: 'ignore' });
  return { pkg, env };
}

/** The first query after a rule file changed: edit, run, then let the background rebuild finish. */
function afterEdit(dir: string): Case {
  const { pkg, env } = packageCopy(dir);
  let edits = 0;
  return {
    name: 'after a rule change',
    rounds: 7,
    run: async () => {
      appendFileSync(join(pkg, 'rules', 's390x', 'features.yaml'), `# edit ${++edits}\n`);
      const t = await run(join(pkg, 'bin', 'cpumodel'), ['compare', 'z13', 'z14'], { env, cwd: pkg });
      await snapshotBuildsSettled(env.CPUMODEL_CACHE_DIR!);
      return t;
    },
  };
}

/** A startup snapshot of an empty program: what starting from any snapshot costs. */
function emptySnapshot(dir: string): string {
  writeFileSync(join(dir, 'empty.cjs'), 'require("node:v8").startupSnapshot.setDeserializeMainFunction(() => {});\n');
  spawnSync(process.execPath, ['--snapshot-blob', join(dir, 'empty.blob'), '--build-snapshot', join(dir, 'empty.cjs')], { cwd: dir, stdio: 'ignore' });
  return join(dir, 'empty.blob');
}

export async function coldRows(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-cold-'));
  const qemu = findQemu('10.0', 's390x');
  const launcher = join(ROOT, 'bin', 'cpumodel');
  const code = join(ROOT, 'bin', 'cpumodel.js');
  const noSnapshot = { ...process.env, CPUMODEL_SNAPSHOT: 'off' };
  const empty = emptySnapshot(dir);
  const cases: Case[] = [
    { name: 'node -e 0', run: () => run(process.execPath, ['-e', '0']) },
    { name: 's390x', run: () => run(launcher, ['compare', 'z13', 'z14']) },
    { name: 'x86_64', run: () => run(launcher, ['compare', 'Westmere', 'Haswell']) },
    { name: 'code', run: () => run(process.execPath, [code, 'compare', 'z13', 'z14'], { env: noSnapshot }) },
    { name: 'code x86', run: () => run(process.execPath, [code, 'compare', 'Westmere', 'Haswell'], { env: noSnapshot }), rounds: 11 },
    { name: 'no rule cache', run: () => run(process.execPath, [code, 'compare', 'z13', 'z14'], { env: { ...noSnapshot, CPUMODEL_CACHE: 'off' } }), rounds: 7 },
    { name: 'empty snapshot', run: () => run(process.execPath, ['--snapshot-blob', empty]), rounds: 11 },
    afterEdit(dir),
  ];
  if (qemu) cases.push({ name: `QEMU ${qemu.version}`, run: () => run(qemu.path, QEMU_ARGS, { input: QEMU_INPUT }) });
  try {
    return coldTable(await sample(cases));
  } finally {
    await snapshotBuildsSettled(join(dir, 'cache'));
    rmSync(dir, { recursive: true, force: true });
  }
}

function coldTable(samples: Map<string, number[]>): Row[] {
  const median = (name: string) => summary(samples.get(name) ?? []).median;
  const node = median('node -e 0');
  const versus = `node -e 0: ${ms(node)}`;
  const row = (what: string, name: string, target = '', limit = Infinity): Row =>
    ({ section: '3', what, cpumodel: ms(median(name)), reference: versus, ratio: ratio(median(name) / node), target, met: target ? median(name) / node <= limit : undefined });
  const rows = [
    row('cold `cpumodel compare z13 z14` (bin/cpumodel, warm snapshot), median (ratio: / node)', 's390x', '≤ 1.25× node', 1.25),
    row('cold `cpumodel compare Westmere Haswell` (x86_64, warm snapshot) (ratio: / node)', 'x86_64', '≤ 1.25× node', 1.25),
    row('cold query after a rule file changed (snapshot outdated, rules parsed) (ratio: / node)', 'after a rule change', '≤ 3× node', 3),
    row('  from the code, no snapshot (node bin/cpumodel.js), rule cache warm (ratio: / node)', 'code'),
    row('  the same, x86_64 (ratio: / node)', 'code x86'),
    row('  from the code, no rule cache (CPUMODEL_CACHE=off) (ratio: / node)', 'no rule cache'),
    row('  node from a snapshot of nothing: the floor of a snapshot start (ratio: / node)', 'empty snapshot'),
  ];
  const qemuName = [...samples.keys()].find((k) => k.startsWith('QEMU'));
  if (qemuName) {
    rows.push({ section: '3', what: 'cold query: start, negotiate, compare, quit (ratio: QEMU / cpumodel)', cpumodel: ms(median('s390x')), reference: `${qemuName}: ${ms(median(qemuName))}`, ratio: ratio(median(qemuName) / median('s390x')), target: '' });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(textTable(await coldRows()));
