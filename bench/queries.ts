/**
 * In-process query speed over the whole model space (every expansion, every
 * ordered pair's comparison and baseline), per profile.
 * Run: npx tsx bench/queries.ts
 */
import { builtinEngine } from '../src/index.js';

function time(label: string, count: number, fn: () => void): void {
  fn(); // warm up
  const rounds = 5;
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) fn();
  const ns = Number(process.hrtime.bigint() - start) / rounds;
  console.log(`${label.padEnd(34)} ${String(count).padStart(6)} queries  ${(ns / 1e6).toFixed(1).padStart(7)} ms  ${(ns / count / 1000).toFixed(2).padStart(6)} µs/query`);
}

for (const profile of ['qemu-7.2', 'qemu-10.0']) {
  const e = builtinEngine(profile);
  const names = e.modelNames();
  console.log(`${profile}: ${names.length} models`);
  time('static + full expansion', names.length * 2, () => {
    for (const n of names) { e.expand({ name: n }, 'static'); e.expand({ name: n }, 'full'); }
  });
  time('comparison, every ordered pair', names.length ** 2, () => {
    for (const a of names) for (const b of names) e.relations!.compare({ name: a }, { name: b });
  });
  time('baseline, every ordered pair', names.length ** 2, () => {
    for (const a of names) for (const b of names) e.relations!.baseline({ name: a }, { name: b });
  });
  time('query-cpu-definitions', 1, () => e.definitions());
}
