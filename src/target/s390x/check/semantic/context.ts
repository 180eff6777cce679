import type { CompiledRules } from '../../compile/ir.js';
import type { Diagnostic, Severity, Span } from '../../../../diag/diagnostic.js';
import type { Solution } from '../../solve/generations.js';
import type { Bitset } from '../../../../util/bitset.js';

/** One compiled and solved profile: what the IR checks run over. */
export interface ProfileRun {
  name: string;
  rules: CompiledRules;
  solution: Solution;
}

/**
 * A problem found in one profile. Findings with the same `key` and message
 * from several profiles become one diagnostic; the message names the
 * profiles only when not all of them have it.
 */
export interface Finding {
  code: string;
  severity: Severity;
  key: string;
  message: string;
  span?: Span;
  help?: string;
}

/** Merge per-profile findings into diagnostics, in first-seen order. */
export function mergeFindings(perProfile: ReadonlyMap<string, readonly Finding[]>): Diagnostic[] {
  const all = [...perProfile.keys()];
  const groups = new Map<string, { finding: Finding; profiles: string[] }>();
  for (const [profile, findings] of perProfile) {
    for (const f of findings) {
      const id = `${f.code}\u0000${f.key}\u0000${f.message}`;
      const group = groups.get(id) ?? { finding: f, profiles: [] };
      if (!group.profiles.includes(profile)) group.profiles.push(profile);
      groups.set(id, group);
    }
  }
  return [...groups.values()].map(({ finding: f, profiles }) => ({
    code: f.code, severity: f.severity, span: f.span, help: f.help,
    message: profiles.length === all.length ? f.message : `${f.message} (profile ${profiles.join(', ')})`,
  }));
}

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
