/**
 * 6a. Rule loading in a fresh process (built code, so the parser and `yaml`
 * load on first use): cold = read + parse + check, then compile + solve
 * (the default profile's engine); cached = read + the rule cache, then the
 * same compile + solve. Medians of ROUNDS child processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, ratio, summary, type Row } from './lib/stats.js';

const ROOT = join(import.meta.dirname, '..');
const ROUNDS = 7;

const SCRIPT = `
const t0 = performance.now();
const { openRules } = await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});
const t1 = performance.now();
const rs = openRules();
const t2 = performance.now();
const r = rs.engine();
if (!('engine' in r)) throw new Error('rules do not compile');
const t3 = performance.now();
console.log(JSON.stringify({ imports: t1 - t0, rules: t2 - t1, engine: t3 - t2 }));
`;

type Phases = { imports: number; rules: number; engine: number };

function child(env: NodeJS.ProcessEnv): Phases {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Phases;
}

function medians(env: NodeJS.ProcessEnv): Phases {
  child(env); // warm the page cache (and the rule cache, when on)
  const runs = Array.from({ length: ROUNDS }, () => child(env));
  const m = (k: keyof Phases) => summary(runs.map((p) => p[k])).median;
  return { imports: m('imports'), rules: m('rules'), engine: m('engine') };
}

export function loadingRows(): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-load-'));
  try {
    const cold = medians({ CPUMODEL_CACHE: 'off' });
    const cached = medians({ CPUMODEL_CACHE_DIR: dir });
    const row = (what: string, value: number, reference: string, r = ''): Row => ({ section: '6', what, cpumodel: ms(value), reference, ratio: r, target: '' });
    return [
      row('rule loading, cold: read + parse + check (incl. loading yaml)', cold.rules, ''),
      row('rule loading, cached: read + hash + cache file', cached.rules, `cold: ${ms(cold.rules)}`, ratio(cold.rules / cached.rules)),
      row('compile + solve + catalog (default profile, each run)', cached.engine, `cold run: ${ms(cold.engine)}`),
      row('importing the facade (dist/index.js)', cached.imports, ''),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
