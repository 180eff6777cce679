/**
 * 3. One cold CLI query, `node bin/cpumodel.js compare z13 z14` (built, rule
 * cache warm), against `node -e 0` and one cold QEMU query (start QEMU,
 * negotiate, one comparison, quit). Runs interleave; medians of ROUNDS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findQemu } from '../src/oracle/binaries.js';
import { QEMU_ARGS } from '../src/oracle/qemu-process.js';
import { importClosure } from './lib/imports.js';
import { ms, now, ratio, summary, type Row } from './lib/stats.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'cpumodel.js');
const ROUNDS = 21;
const QEMU_INPUT = '{"execute":"qmp_capabilities"}\n{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"z13"},"modelb":{"name":"z14"}}}\n{"execute":"quit"}\n';

/** Wall time from spawn to exit, in ms. */
function run(command: string, args: readonly string[], input = '', env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = now();
    const child = spawn(command, [...args], { stdio: ['pipe', 'ignore', 'ignore'], env });
    child.once('exit', (code) => (code === 0 ? resolve(now() - t) : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`))));
    child.stdin!.end(input);
  });
}

interface Case { name: string; run(): Promise<number>; rounds?: number }

async function sample(cases: readonly Case[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await c.run(); // warm the page cache and the rule cache
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) if (r < (c.rounds ?? ROUNDS)) out.get(c.name)!.push(await c.run());
  }
  return out;
}

/** N empty ES modules imported by one file: Node's per-module cost on this machine. */
function emptyModules(dir: string, count: number): string {
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `m${i}.mjs`), `export const x${i} = ${i};\n`);
  writeFileSync(join(dir, 'all.mjs'), Array.from({ length: count }, (_, i) => `import './m${i}.mjs';\n`).join(''));
  writeFileSync(join(dir, 'none.mjs'), '\n');
  return join(dir, 'all.mjs');
}

export async function coldRows(): Promise<Row[]> {
  const closure = importClosure(join(ROOT, 'bin', 'cpumodel.js'), [join(ROOT, 'dist', 'cli', 'main.js'), join(ROOT, 'dist', 'cli', 'compare.js')]);
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-cold-'));
  const qemu = findQemu('10.0', 's390x');
  const many = emptyModules(dir, closure.modules);
  const cases: Case[] = [
    { name: 'node -e 0', run: () => run(process.execPath, ['-e', '0']) },
    { name: 'cpumodel compare z13 z14', run: () => run(process.execPath, [CLI, 'compare', 'z13', 'z14']) },
    { name: 'cpumodel --version', run: () => run(process.execPath, [CLI, '--version']) },
    { name: 'cpumodel compare, no rule cache', run: () => run(process.execPath, [CLI, 'compare', 'z13', 'z14'], '', { ...process.env, CPUMODEL_CACHE: 'off' }), rounds: 7 },
    { name: 'node, 1 empty ES module', run: () => run(process.execPath, [join(dir, 'none.mjs')]), rounds: 11 },
    { name: `node, ${closure.modules} empty ES modules`, run: () => run(process.execPath, [many]), rounds: 11 },
  ];
  if (qemu) cases.push({ name: `QEMU ${qemu.version}`, run: () => run(qemu.path, QEMU_ARGS, QEMU_INPUT) });
  try {
    return coldTable(await sample(cases), closure.modules);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function coldTable(samples: Map<string, number[]>, modules: number): Row[] {
  const median = (name: string) => summary(samples.get(name) ?? []).median;
  const node = median('node -e 0');
  const cli = median('cpumodel compare z13 z14');
  const qemuName = [...samples.keys()].find((k) => k.startsWith('QEMU'));
  const row = (what: string, value: number, reference: string, r: number, target = '', met?: boolean): Row =>
    ({ section: '3', what, cpumodel: ms(value), reference, ratio: ratio(r), target, met });
  const rows = [row('cold `cpumodel compare z13 z14`, median (ratio: cpumodel / node)', cli, `node -e 0: ${ms(node)}`, cli / node, '≤ 1.5× node', cli / node <= 1.5)];
  if (qemuName) rows.push(row('cold query: start, negotiate, compare, quit (ratio: QEMU / cpumodel)', cli, `${qemuName}: ${ms(median(qemuName))}`, median(qemuName) / cli));
  const floors: [string, string][] = [['cpumodel --version', 'CLI floor: launcher + main.js'], ['cpumodel compare, no rule cache', 'no rule cache (CPUMODEL_CACHE=off)'],
    ['node, 1 empty ES module', 'node on one empty ES module'], [`node, ${modules} empty ES modules`, `node on ${modules} empty ES modules (as many as the query loads)`]];
  for (const [name, label] of floors) rows.push(row(`  ${label} (ratio: / node)`, median(name), `node -e 0: ${ms(node)}`, median(name) / node));
  return rows;
}
