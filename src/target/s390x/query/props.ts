import type { CompiledRules } from '../compile/ir.js';
import type { Bitset } from '../../../util/bitset.js';
import { qdictOrder } from '../../../util/qdict.js';
import type { ModelClass } from './catalog.js';
import { fail, ok, type Dialect, type ModelError, type Result } from './errors.js';
import { CPU_OBJECT_PROPERTIES, objectPropertyError } from './qom.js';
import { atLeast } from '../../../util/version.js';

/** A property assignment as written by the client; the value is any JSON. */
export type PropEntry = readonly [key: string, value: unknown];


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
 * The first error aborts. `text`: the entries come from `-cpu`, where a
 * value that is not a boolean word stays text.
 */
export function applyProps(rules: CompiledRules, cls: ModelClass, full: Bitset,
  entries: readonly PropEntry[], where: string, dialect: Dialect, text = false): Result<Bitset> {
  const features = cls.initial.clone();
  const typename = `${cls.name}-s390x-cpu`;
  for (const [key, value] of entries) {
    const path = dialect === 'qapi-path' ? `${where}.props.${key}` : key;
    const error = applyOne(rules, features, full, cls.def.name, { typename, key, path, text }, value, where);
    if (error) return fail(error);
  }
  return ok(features);
}

function applyOne(rules: CompiledRules, features: Bitset, full: Bitset, def: string,
  c: { typename: string; key: string; path: string; text: boolean }, value: unknown, where: string): ModelError | null {
  const { key } = c;
  const f = rules.featureIndex.get(key);
  const g = f === undefined ? rules.groupIndex.get(key) : undefined;
  if (f === undefined && g === undefined) {
    const prop = CPU_OBJECT_PROPERTIES.get(key);
    if (!prop || !atLeast(rules.profile.qemu, prop.since)) return { code: 'property-not-found', typename: c.typename, key };
    return objectPropertyError(prop.kind, value, c);
  }
  if (c.text && typeof value === 'string') return { code: 'object-property', desc: `Parameter '${key}' expects 'on' or 'off'` };
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
