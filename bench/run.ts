/**
 * The benchmark: cpumodel side by side with the live QEMUs, in one run.
 * Run: npm run bench   (builds first; the cold-start and server rows use dist/)
 * Prints the table and writes it to bench/RESULTS.md. Nothing here is a test:
 * no timing is asserted.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/index.js';
import { findQemu } from '../src/oracle/binaries.js';
import { before } from './before.js';
import { coldRows } from './cold.js';
import { clusterRows } from './engine.js';
import { explainRows } from './explain.js';
import { markdownTable, textTable, type Row } from './lib/stats.js';
import { loadingRows } from './loading.js';
import { modelSpaceRows } from './model-space.js';
import { x86ModelSpaceRows } from './x86-model-space.js';
import { x86ClusterRows } from './x86-cluster.js';
import { NOTES } from './notes.js';
import { throughputAndRssRows } from './throughput.js';

const SECTIONS: [string, () => Row[] | Promise<Row[]>][] = [
  ['1 model space', modelSpaceRows],
  ['1 x86_64 model space', x86ModelSpaceRows],
  ['2 QMP throughput (+ 6 peak RSS of serve)', throughputAndRssRows],
  ['3 cold CLI query', coldRows],
  ['4 cluster baseline', () => clusterRows()],
  ['4 x86 cluster baseline', () => x86ClusterRows()],
  ['5 explanations', () => explainRows()],
  ['6 rule loading', loadingRows],
];

function machine(): string {
  const qemus = (['7.2', '10.0'] as const).map((v) => findQemu(v, 's390x')?.version).filter(Boolean).map((v) => `QEMU ${v}`);
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${qemus.join(', ') || 'no QEMU'}, commit ${commit} (+ working tree)`;
}

const rows: Row[] = [];
for (const [name, run] of SECTIONS) {
  process.stderr.write(`bench: ${name}…\n`);
  rows.push(...(await run()).map((r) => ({ ...r, before: r.before ?? before(r.what.trim()) })));
}
rows.sort((a, b) => a.section.localeCompare(b.section));

const date = new Date().toISOString().slice(0, 10);
console.log(`\n${machine()}\n\n${textTable(rows)}\n`);
const markdown = [
  '# cpumodel benchmark', '',
  `\`npm run bench\` on ${date}: ${machine()}.`,
  'Ratios: how many times faster cpumodel is than the reference (QEMU), or, for the cold start, cpumodel\'s time over `node -e 0`\'s.', '',
  markdownTable(rows), '', NOTES, '',
].join('\n');
writeFileAtomic(join(import.meta.dirname, 'RESULTS.md'), markdown);
console.log('written to bench/RESULTS.md');
