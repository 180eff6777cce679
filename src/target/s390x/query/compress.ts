import type { CompiledRules } from '../compile/ir.js';
import type { Bitset } from '../../../util/bitset.js';

/**
 * Group compression, QEMU's way of printing a feature set: every group whose
 * members are all present is named once (group order), then the remaining
 * features (enum order). Returns names in that logical order.
 */
export function compress(rules: CompiledRules, set: Bitset): string[] {
  const out: string[] = [];
  if (set.isEmpty()) return out;
  let rest = set;
  for (const g of rules.groups) {
    if (g.members.length > 0 && set.containsAll(g.mask)) {
      out.push(g.name);
      if (rest === set) rest = set.clone();
      rest.andNotIn(g.mask);
    }
  }
  rest.forEach((f) => out.push(rules.features[f]!.name));
  return out;
}

/** QEMU builds answer lists by prepending: the printed list is the reverse. */
export function prependedList(logical: readonly string[]): string[] {
  return [...logical].reverse();
}
