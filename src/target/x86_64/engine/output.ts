import { qdictOrder } from '../../../util/qdict.js';
import type { ClassIR, Part, X86Rules } from '../compile/ir.js';
import type { Core } from './core.js';
import { hasAll, type CpuState } from './state.js';
import { setOwn } from '../../../util/own.js';

/** A key of an expansion answer and where its value comes from. */
export type OutKey = { name: string; parts: Part[] } | { name: string; prop: number };

function keyFor(rules: X86Rules, name: string): OutKey | undefined {
  const t = rules.lookup.get(name);
  if (!t) return undefined;
  return t.kind === 'feature' ? { name, parts: rules.features[t.index]!.parts } : { name, prop: t.index };
}

/**
 * Static expansion's keys in the order QEMU inserts them: it first builds a
 * QDict of the static scalars and every feature name (word/bit order), then
 * copies values in that dict's iteration order.
 */
export function staticKeys(rules: X86Rules): OutKey[] {
  const features = [...rules.features].sort((a, b) => a.bits[0]! - b.bits[0]!).map((f) => f.name);
  const names = [...rules.properties.filter((p) => p.static).map((p) => p.name), ...features];
  return qdictOrder(names).map((n) => keyFor(rules, n)!);
}

/** Full expansion shows features, aliases and the readable+writable properties the class has. */
function fullKeyNames(core: Core, cls: ClassIR): Set<string> {
  const { rules } = core;
  const names = new Set<string>(rules.features.map((f) => f.name));
  for (const p of rules.properties) if (p.expanded && p.writable && core.classHas(cls, p.index)) names.add(p.name);
  for (const a of rules.aliases) if (a.target.kind === 'feature' || names.has(a.targetName)) names.add(a.alias);
  return names;
}

/**
 * Full expansion's keys in insertion order. QEMU's order comes from QOM's
 * property hash table and is recorded (key-order.yaml); inserting the
 * recorded order reversed makes the QDict writer print it exactly (within a
 * bucket the newest key comes first). Keys the record lacks come last.
 */
export function fullKeys(core: Core, cls: ClassIR): OutKey[] {
  const { rules } = core;
  const names = fullKeyNames(core, cls);
  const extra = rules.properties.some((p) => p.models !== null && core.classHas(cls, p.index));
  const recorded = (extra ? rules.keyOrder.max : rules.keyOrder.named).filter((n) => names.has(n));
  const seen = new Set(recorded);
  const rest = [...names].filter((n) => !seen.has(n));
  return [...recorded.reverse(), ...rest].map((n) => keyFor(rules, n)!);
}

/** The answer's props object, keys in insertion order (the reference loop). */
export function propsOf(keys: readonly OutKey[], s: CpuState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) setOwn(out, k.name, 'parts' in k ? hasAll(s.f, k.parts) : s.values[k.prop]);
  return out;
}

export type PropsWriter = (s: CpuState) => Record<string, unknown>;

/**
 * propsOf compiled for one key list: a single object literal with the bit
 * tests inlined, so V8 builds the answer with one fixed shape (a loop that
 * adds 400-500 keys one by one costs about six times as much). Falls back to
 * the loop for a key an object literal cannot hold as data (`__proto__`).
 */
export function compilePropsWriter(keys: readonly OutKey[]): PropsWriter {
  if (keys.some((k) => k.name === '__proto__')) return (s) => propsOf(keys, s);
  const value = (k: OutKey) => ('parts' in k
    ? k.parts.map((p) => `(f[${p.slot}] & ${p.mask | 0}) === ${p.mask | 0}`).join(' && ')
    : `v[${k.prop}]`);
  const body = `const f = s.f, v = s.values; return {${keys.map((k) => `${JSON.stringify(k.name)}: ${value(k)}`).join(', ')}};`;
  return new Function('s', body) as PropsWriter;
}

/** Copies a template answer. */
export type Cloner = (t: Record<string, unknown>) => Record<string, unknown>;

let cloners = 0;

/**
 * A clone function of its own (unique source text, so V8 does not share its
 * feedback with another): V8's fast object clone needs a call site that sees
 * few shapes. One per key list, shared by the classes answering with it.
 */
export function makeCloner(): Cloner {
  return new Function('t', `return { ...t }; // cloner ${++cloners}`) as Cloner;
}

/** The answer's values, in the order of its keys (the reference loop of a list answer). */
export function valuesOf(keys: readonly OutKey[], s: CpuState): unknown[] {
  return keys.map((k) => ('parts' in k ? hasAll(s.f, k.parts) : s.values[k.prop]));
}

/** How a template answer is copied, and how the value of its i-th key is written into a copy. */
export interface Answers<T> {
  clone(template: T): T;
  set(out: T, key: number, value: unknown): void;
  /** An answer equal to the template is the template itself (readonly answers). */
  share?: boolean;
}

/** Answers as objects keyed by name (expand), cloned by the key list's cloner. */
export function objectAnswers(keys: readonly OutKey[], clone: Cloner): Answers<Record<string, unknown>> {
  const names = keys.map((k) => k.name);
  return { clone, set: (out, key, value) => { out[names[key]!] = value; } };
}

/** Answers as lists of values in key order (expandList). */
export const listAnswers: Answers<unknown[]> = { clone: (t) => t.slice(), set: (out, key, value) => { out[key] = value; }, share: true };

/**
 * A writer for one class: the answer of the class's own expanded instance
 * (no props) is kept as a template; an answer copies it and rewrites only the
 * keys whose feature words or property values differ from the template's
 * state. The state is always computed in full; only the writing is
 * incremental (copying a 500-key answer costs a fraction of building it).
 * Readonly answers equal to the template are the template.
 */
export function templateWriter<T>(keys: readonly OutKey[], base: CpuState, template: T, answers: Answers<T>): (s: CpuState) => T {
  const f0 = base.f.slice();
  const v0 = base.values.slice();
  // Per feature word: the keys reading it and the bits each reads there; per property: the keys showing it.
  const slotKeys: { key: number; mask: number }[][] = Array.from({ length: f0.length }, () => []);
  const propKeys = new Map<number, number[]>();
  keys.forEach((k, i) => {
    if ('parts' in k) for (const p of k.parts) slotKeys[p.slot]!.push({ key: i, mask: p.mask });
    else propKeys.set(k.prop, [...(propKeys.get(k.prop) ?? []), i]);
  });
  const props = [...propKeys.keys()];
  const propShown = props.map((p) => propKeys.get(p)!);
  const { clone, set, share } = answers;
  return (s) => {
    let out = share ? template : clone(template);
    const f = s.f;
    for (let slot = 0; slot < f0.length; slot++) {
      const diff = f[slot]! ^ f0[slot]!;
      if (diff === 0) continue;
      const readers = slotKeys[slot]!;
      for (let j = 0; j < readers.length; j++) {
        if ((readers[j]!.mask & diff) === 0) continue;
        const key = readers[j]!.key;
        if (out === template) out = clone(template);
        set(out, key, hasAll(f, (keys[key] as { parts: Part[] }).parts));
      }
    }
    const v = s.values;
    for (let j = 0; j < props.length; j++) {
      const p = props[j]!;
      if (Object.is(v[p], v0[p])) continue;
      if (out === template) out = clone(template);
      for (const key of propShown[j]!) set(out, key, v[p]);
    }
    return out;
  };
}
