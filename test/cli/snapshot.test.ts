/**
 * The warm-start snapshot (bin/cpumodel, src/cli/snapshot-entry.ts): a run
 * from the snapshot answers exactly as a run from the code, in the package
 * folder and elsewhere, and it notices edited rules and a rebuilt bundle.
 * Works on a copy of the built package (needs `npm run build`), with its own
 * cache folder; every background build it starts is waited for.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBuiltPackage, snapshotBuildsSettled } from './package-copy.js';

const ROOT = join(import.meta.dirname, '..', '..');
let pkg = '';
let away = '';
let cache = '';

interface Run { code: number | null; out: string; err: string }

function run(command: string[], cwd: string, env: Record<string, string> = {}, input = ''): Run {
  const r = spawnSync(command[0]!, command.slice(1), { cwd, input, encoding: 'utf8', env: { ...process.env, CPUMODEL_CACHE_DIR: cache, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** From the snapshot (bin/cpumodel, traced: the trace lines are returned apart). */
function warm(args: string[], cwd = pkg, input = ''): Run & { trace: string[] } {
  const r = run([join(pkg, 'bin', 'cpumodel'), ...args], cwd, { CPUMODEL_SNAPSHOT: 'trace' }, input);
  const lines = r.err.split('\n');
  return { ...r, err: lines.filter((l) => !l.startsWith('cpumodel: ')).join('\n'), trace: lines.filter((l) => l.startsWith('cpumodel: ')) };
}

/** From the code (bin/cpumodel.js): the reference. */
const plain = (args: string[], cwd = pkg, input = '') => run([process.execPath, join(pkg, 'bin', 'cpumodel.js'), ...args], cwd, { CPUMODEL_SNAPSHOT: 'off' }, input);

const settled = () => snapshotBuildsSettled(cache);

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'cli.cjs'))) throw new Error('dist/bundle is missing: run `npm run build`');
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-snapshot-'));
  pkg = join(dir, 'pkg');
  away = join(dir, 'elsewhere');
  cache = join(dir, 'cache');
  copyBuiltPackage(ROOT, pkg);
  mkdirSync(away);
  const built = run([process.execPath, join(pkg, 'bin', 'cpumodel.js'), 'snapshot'], pkg);
  expect(built.code, built.err).toBe(0);
  expect(built.out).toMatch(/^root: built in \d+ ms .*\naway: built in \d+ ms /);
}, 120_000);

afterAll(async () => {
  if (cache && existsSync(cache)) await settled();
  if (pkg) rmSync(join(pkg, '..'), { recursive: true, force: true });
});

const CASES: string[][] = [
  ['compare', 'z13', 'z14'],
  ['compare', 'Westmere', 'Haswell', '--json'],
  ['--profile', 'qemu-7.2', 'expand', 'z14,vx=off', '--json'],
  ['baseline', 'z13', 'z15', '--explain'],
  ['explain', 'z14', 'vx'],
  ['definitions', '--arch', 'x86_64'],
  ['expand', 'Westmere,aes=on', '--format', 'libvirt'],
  ['check-run', 'z14', '--env', 'z15-lpar-no-cpacf'],
  ['--machine', 's390-ccw-virtio-7.2', 'compare', 'gen16a', 'z14'],
  ['check'],
  ['compare', 'z13'],
  ['frobnicate'],
];

describe('a run from the snapshot answers as a run from the code', () => {
  for (const args of CASES) {
    it(`${args.join(' ')}, in the package and elsewhere`, () => {
      for (const cwd of [pkg, away]) {
        const w = warm(args, cwd);
        expect(w.trace[0], w.trace.join('\n')).toMatch(/^cpumodel: warm start from /);
        expect(w).toMatchObject(plain(args, cwd));
      }
    });
  }

  it('qmp on stdin', () => {
    const input = '{"execute":"qmp_capabilities"}\n{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"z13"},"modelb":{"name":"z14"}}}\n{"execute":"quit"}\n';
    const timeless = (r: Run) => ({ ...r, out: r.out.replace(/"seconds": \d+, "microseconds": \d+/g, '"seconds": S, "microseconds": U') });
    const w = warm(['qmp'], pkg, input);
    expect(w.trace[0]).toMatch(/warm start/);
    expect(w.out).toMatch(/"event": "SHUTDOWN"/);
    expect(timeless(w)).toMatchObject(timeless(plain(['qmp'], pkg, input)));
  });

  it('says when the warm rules are current, and where the folder names the files otherwise', () => {
    expect(warm(['compare', 'z13', 'z14']).trace).toEqual([expect.stringMatching(/warm start from .*snapshot-root\.blob$/), 'cpumodel: the warm rules are current']);
    expect(warm(['compare', 'z13', 'z14'], join(pkg, 'rules')).trace).toEqual([expect.stringMatching(/warm start from .*snapshot-away\.blob$/), 'cpumodel: this folder names the rule files otherwise: rules read again']);
  });
});

describe('the snapshot follows the rules and the code', () => {
  it('an edited rule file is read again at once, and the next snapshot holds the edit', async () => {
    const file = join(pkg, 'rules', 's390x', 'features.yaml');
    const text = readFileSync(file, 'utf8');
    const stfl148 = '{name: vxeh2, type: STFL, bit: 148,';
    expect(text).toContain(stfl148);
    expect(text).not.toContain('type: STFL, bit: 149,');
    const before = plain(['features']);
    writeFileSync(file, text.replace(stfl148, '{name: vxeh2, type: STFL, bit: 149,'));
    const edited = warm(['features']);
    expect(edited.trace[1]).toBe('cpumodel: the rule files changed: rules read again, a fresh snapshot is being built');
    expect(edited).toMatchObject(plain(['features']));
    expect(edited.out).not.toBe(before.out);
    expect(edited.out).toMatch(/^vxeh2 +STFL +149 /m);
    await settled();
    const next = warm(['features']);
    expect(next.trace[1]).toBe('cpumodel: the warm rules are current');
    expect(next.out).toBe(edited.out);
  }, 120_000);

  it('a rebuilt bundle is never run from an older snapshot', async () => {
    const bundle = join(pkg, 'dist', 'bundle', 'cli.cjs');
    const later = new Date(Date.now() + 2000);
    utimesSync(bundle, later, later);
    const r = warm(['compare', 'z13', 'z14']);
    expect(r.trace[0]).toMatch(/^cpumodel: cold start: no current snapshot /);
    expect(r).toMatchObject(plain(['compare', 'z13', 'z14']));
    await settled();
    await new Promise((res) => setTimeout(res, 2000)); // the blob is written after the bundle's (future) time
    const built = run([process.execPath, join(pkg, 'bin', 'cpumodel.js'), 'snapshot', '--mode', 'root'], pkg);
    expect(built.code, built.err).toBe(0);
    expect(statSync(join(cache, 'snapshot-root.blob')).mtimeMs).toBeGreaterThan(statSync(bundle).mtimeMs);
    expect(warm(['compare', 'z13', 'z14']).trace[0]).toMatch(/warm start/);
  }, 120_000);

  it('code compiled again (tsc) after the bundle: the code runs, and the next snapshot is bundled anew', async () => {
    const later = new Date(Date.now() + 1000);
    utimesSync(join(pkg, 'dist', 'index.js'), later, later);
    const r = warm(['compare', 'z13', 'z14']);
    expect(r.trace[0]).toMatch(/^cpumodel: cold start: no current snapshot /);
    expect(r).toMatchObject(plain(['compare', 'z13', 'z14']));
    await settled();
    // The package copy has no scripts/ (as an installed package): it cannot bundle, and says so by staying cold.
    expect(warm(['compare', 'z13', 'z14']).trace[0]).toMatch(/^cpumodel: cold start/);
    utimesSync(join(pkg, 'dist', 'index.js'), new Date(0), new Date(0));
    await settled();
  }, 60_000);

  it('a node on PATH that is not the one building (a shim) always starts from the code', async () => {
    await settled();
    writeFileSync(join(cache, 'snapshot-root.node'), '-\n');
    const r = warm(['compare', 'z13', 'z14']);
    expect(r.trace[0]).toMatch(/^cpumodel: cold start: the node on PATH is not the one that builds snapshots/);
    expect(r).toMatchObject(plain(['compare', 'z13', 'z14']));
    expect(run([process.execPath, join(pkg, 'bin', 'cpumodel.js'), 'snapshot', '--mode', 'root'], pkg).code).toBe(0);
    expect(readFileSync(join(cache, 'snapshot-root.node'), 'utf8')).toMatch(/\/node\n$/);
    expect(warm(['compare', 'z13', 'z14']).trace[0]).toMatch(/warm start/);
  }, 60_000);

  it('CPUMODEL_SNAPSHOT=off starts from the code and builds nothing', () => {
    const r = run([join(pkg, 'bin', 'cpumodel'), 'snapshot', '--status'], pkg, { CPUMODEL_SNAPSHOT: 'off' });
    expect(r.out).toBe('root: off (CPUMODEL_CACHE=off or CPUMODEL_SNAPSHOT=off)\naway: off (CPUMODEL_CACHE=off or CPUMODEL_SNAPSHOT=off)\n');
  });
});
