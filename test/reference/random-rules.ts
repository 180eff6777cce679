import { Random } from '../../src/util/random.js';
import { KINDS, type PlainRules } from './spec.js';

/** A random but well-formed rule set: disjoint groups, ordered levels, shared cpu types. */
export function randomRules(rng: Random): PlainRules {
  const features = Array.from({ length: 4 + rng.int(60) }, (_, i) => `f${i}`);
  const free = [...features];
  const groups = Array.from({ length: rng.int(6) }, (_, i) => {
    const members = free.splice(rng.int(free.length), 1 + rng.int(5)).sort((a, b) => +a.slice(1) - +b.slice(1));
    return { name: `g${i}`, members };
  }).filter((g) => g.members.length > 0);
  const names = [...features, ...groups.map((g) => g.name)];
  const some = (p: number) => names.filter(() => rng.chance(p));
  const levels: PlainRules['levels'] = [];
  for (let gen = 1; gen <= 1 + rng.int(4); gen++) {
    for (let ga = 1; ga <= 1 + rng.int(3); ga++) {
      const add = { base: some(0.08), default: some(0.1), full: some(0.15) };
      const remove = Object.fromEntries(KINDS.map((k) => [k, rng.chance(0.2) ? some(0.05) : []])) as PlainRules['levels'][0]['remove'];
      levels.push({ gen, ga, add, remove });
    }
  }
  const definitions = levels.flatMap((l, i) =>
    Array.from({ length: 1 + rng.int(2) }, (_, k) => ({ name: `m${i}x${k}`, cpuType: 100 * l.gen + rng.int(3), gen: l.gen, ga: l.ga })));
  const qemuLists = [{ name: 'L1', add: some(0.2) }, { name: 'L2', add: some(0.1) }];
  return {
    features, groups, levels, definitions, qemuLists,
    ignored: features.filter(() => rng.chance(0.1)),
    deprecated: features.filter(() => rng.chance(0.1)),
    tcgMax: { definition: rng.pick(definitions).name, list: rng.pick(qemuLists).name },
  };
}
