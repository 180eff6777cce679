/**
 * 4. A cluster baseline over 100,000 synthetic host models: random subsets
 *    of definitions' full sets, folded with engine.baselineOf (as
 *    clusterBaseline does).
 * 5. Explanations: latency of explainFeature / explainComparison /
 *    explainBaseline over random questions (random models and props).
 */
import type { ModelRequest } from '../src/index.js';
import { s390xEngine as builtinEngine, explainBaseline, explainComparison, explainFeature, type CpuModel, type Engine } from '../test/s390x.js';
import type { DefinitionIR } from '../src/target/s390x/compile/ir.js';
import { Random } from '../src/util/random.js';
import { ms, now, summary, type Row } from './lib/stats.js';

const SEED = 20261124;

/**
 * A host-like model: a random definition, its base set (a host lacking base
 * features would be an older model) and a random 90% of the rest of its full set.
 */
function hostModel(e: Engine, rng: Random, defs: readonly DefinitionIR[]): CpuModel {
  const def = rng.pick(defs);
  const { base, full } = e.solution.sets[def.level]!;
  const features = base.clone();
  for (const f of full) if (rng.chance(0.9)) features.add(f);
  return { def, features };
}

export function clusterRows(count = 100_000): Row[] {
  const e = builtinEngine('qemu-10.0');
  const rng = new Random(SEED);
  const defs = e.rules.definitions.filter((d) => d.gen >= 14); // a cluster of z14 … z17 machines
  const hosts = Array.from({ length: count }, () => hostModel(e, rng, defs));
  const fold = () => {
    let acc = hosts[0]!;
    for (let i = 1; i < hosts.length; i++) {
      const step = e.baselineOf(acc, hosts[i]!);
      if (!step.ok) throw new Error(`baseline impossible at host ${i}`);
      acc = step.value;
    }
    return acc;
  };
  const t = now();
  const result = fold();
  const elapsed = now() - t;
  return [{
    section: '4', what: `cluster baseline of ${count.toLocaleString('en')} host models (fold of baselineOf) → ${result.def.name}`,
    cpumodel: ms(elapsed), reference: `${((elapsed * 1000) / count).toFixed(2)} µs per step`, ratio: '', target: '< 1 s', met: elapsed < 1000,
  }];
}

/** A model, plain or with 1-5 props: mostly features of its full set (valid), some of any feature. */
function request(e: Engine, rng: Random, names: readonly string[], features: readonly string[]): ModelRequest {
  const name = rng.pick(names);
  if (rng.chance(0.4)) return { name };
  const full = [...e.solution.sets[e.catalog.get(name)!.def.level]!.full].map((f) => features[f]!);
  const pick = () => (rng.chance(0.9) ? rng.pick(full) : rng.pick(features));
  return { name, props: Array.from({ length: 1 + rng.int(5) }, () => [pick(), rng.chance(0.5)] as [string, boolean]) };
}

export function explainRows(perKind = 3000): Row[] {
  const e = builtinEngine('qemu-10.0');
  const rng = new Random(SEED);
  const names = [...e.catalog.keys()];
  const features = e.rules.features.map((f) => f.name);
  const kinds: [string, () => unknown][] = [
    ['explainFeature', () => explainFeature(e, request(e, rng, names, features), rng.pick(features), 'qmp')],
    ['explainComparison', () => explainComparison(e, request(e, rng, names, features), request(e, rng, names, features), 'qmp')],
    ['explainBaseline', () => explainBaseline(e, request(e, rng, names, features), request(e, rng, names, features), 'qmp')],
  ];
  let answered = 0;
  const asked = (r: unknown) => { if ((r as { ok: boolean }).ok) answered++; };
  return kinds.map(([kind, ask]) => {
    for (let i = 0; i < 300; i++) ask(); // warm up
    const samples: number[] = [];
    answered = 0;
    for (let i = 0; i < perKind; i++) {
      const t = now();
      const r = ask();
      samples.push(now() - t);
      asked(r);
    }
    const s = summary(samples);
    return {
      section: '5', what: `${kind}, ${perKind} random questions (${Math.round((answered / perKind) * 100)}% valid): p99 (p50 ${ms(s.median)}, max ${ms(s.max)})`,
      cpumodel: ms(s.p99), reference: '', ratio: '', target: 'p99 < 1 ms', met: s.p99 < 1,
    };
  });
}
