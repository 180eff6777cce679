/**
 * 4. A cluster baseline over 100,000 synthetic host models: random subsets
 *    of definitions' full sets, folded with engine.baselineOf (as
 *    clusterBaseline does).
 */
import { s390xEngine as builtinEngine, type CpuModel, type Engine } from '../test/s390x.js';
import type { DefinitionIR } from '../src/target/s390x/compile/ir.js';
import { Random } from '../src/util/random.js';
import { ms, now, type Row } from './lib/stats.js';

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
