import type { CompiledRules } from '../../compile/ir.js';
import type { Solution } from '../../solve/generations.js';
import type { Bitset } from '../../../../util/bitset.js';

/** One compiled and solved profile: what the IR checks run over. */
export interface ProfileRun {
  name: string;
  rules: CompiledRules;
  solution: Solution;
}

export { mergeFindings, type Finding } from '../../../../diag/findings.js';

export const quote = (name: string) => `\`${name}\``;

/** Feature names of a mask, in enum order. */
export function featureNames(rules: CompiledRules, mask: Bitset): string[] {
  return [...mask].map((i) => rules.features[i]!.name);
}

/** A list of names, cut after `max` with a count of the rest. */
export function nameList(names: readonly string[], max = 4): string {
  const shown = names.slice(0, max).map(quote).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * Definitions in release order, summarized: "`z14` and every later
 * definition", "`z13` to `z14.2` (4 definitions)" or a cut list.
 */
export function definitionRange(rules: CompiledRules, indices: readonly number[]): string {
  if (indices.length === 1) return quote(rules.definitions[indices[0]!]!.name);
  const first = indices[0]!, last = indices.at(-1)!;
  const contiguous = last - first + 1 === indices.length;
  const name = (i: number) => quote(rules.definitions[i]!.name);
  if (contiguous && last === rules.definitions.length - 1) return `${name(first)} and every later definition`;
  if (contiguous) return `${name(first)} to ${name(last)} (${indices.length} definitions)`;
  return nameList(indices.map((i) => rules.definitions[i]!.name), 3);
}
