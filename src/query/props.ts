import type { CompiledRules } from '../compile/ir.js';
import type { Bitset } from '../util/bitset.js';
import { qdictOrder } from '../util/qdict.js';
import type { ModelClass } from './catalog.js';
import { fail, ok, type ModelError, type Result } from './errors.js';

/** A property assignment as written by the client; the value is any JSON. */
export type PropEntry = readonly [key: string, value: unknown];

/** Read-only properties every s390x CPU object has besides its features. */
const READ_ONLY = new Set(['migration-safe', 'static', 'description']);

/**
 * QMP applies `props` in QDict iteration order, not in the order the client
 * wrote them; that order decides the result when a group and one of its
 * members are both given. A repeated key keeps its first place and last value.
 */
export function qmpOrder(entries: readonly PropEntry[]): PropEntry[] {
  const last = new Map<string, unknown>();
  for (const [k, v] of entries) last.set(k, v);
  return qdictOrder(entries.map(([k]) => k)).map((k) => [k, last.get(k)] as const);
}

/**
 * Apply properties in the given order to a copy of the class's initial set.
 *   feature := true  needs feature ∈ full(def)
 *   group   := true  needs group ∩ full(def) ≠ ∅, then adds every member
 *   := false         always allowed; clears the feature or every member
 * The first error aborts.
 */
export function applyProps(rules: CompiledRules, cls: ModelClass, full: Bitset,
  entries: readonly PropEntry[], where: string): Result<Bitset> {
  const features = cls.initial.clone();
  const typename = `${cls.name}-s390x-cpu`;
  for (const [key, value] of entries) {
    const error = applyOne(rules, features, full, cls.def.name, typename, key, value, where);
    if (error) return fail(error);
  }
  return ok(features);
}

function applyOne(rules: CompiledRules, features: Bitset, full: Bitset, def: string, typename: string,
  key: string, value: unknown, where: string): ModelError | null {
  const f = rules.featureIndex.get(key);
  const g = f === undefined ? rules.groupIndex.get(key) : undefined;
  if (f === undefined && g === undefined) {
    return READ_ONLY.has(key) ? { code: 'property-not-writable', typename, key } : { code: 'property-not-found', typename, key };
  }
  if (typeof value !== 'boolean') return { code: 'prop-not-bool', where, key };
  if (f !== undefined) {
    if (!value) features.delete(f);
    else if (!full.has(f)) return { code: 'feature-too-new', feature: key, def };
    else features.add(f);
    return null;
  }
  const group = rules.groups[g!]!;
  if (!value) features.andNotIn(group.mask);
  else if (!full.intersects(group.mask)) return { code: 'group-too-new', group: key, def };
  else features.orIn(group.mask);
  return null;
}
