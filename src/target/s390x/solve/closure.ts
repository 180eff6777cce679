import type { CompiledRules } from '../compile/ir.js';
import { Bitset } from '../../../util/bitset.js';

/**
 * Transitive dependency closure, semi-naive:
 *   needs(x, y) :- requires(x, y).
 *   needs(x, z) :- needs(x, y), requires(y, z).
 * Each round only extends from the facts the previous round added (`recent`);
 * the loop ends when a round adds nothing (at most n rounds for n features).
 * `reverse` gives the dependants instead: needed-by(y, x).
 */
export function dependencyClosure(rules: CompiledRules, reverse = false): Bitset[] {
  const direct = Array.from({ length: rules.size }, () => new Bitset(rules.size));
  for (const d of rules.dependencies) {
    if (reverse) direct[d.requires]!.add(d.feature);
    else direct[d.feature]!.add(d.requires);
  }
  const stable = direct.map((b) => b.clone());
  let recent = direct.map((b) => b.clone());
  for (let changed = true; changed;) {
    changed = false;
    const next = recent.map(() => new Bitset(rules.size));
    recent.forEach((frontier, x) => {
      for (const y of frontier) next[x]!.orIn(direct[y]!);
      next[x]!.andNotIn(stable[x]!);
      if (!next[x]!.isEmpty()) {
        stable[x]!.orIn(next[x]!);
        changed = true;
      }
    });
    recent = next;
  }
  return stable;
}
