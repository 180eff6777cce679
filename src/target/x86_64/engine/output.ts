import { qdictOrder } from '../../../util/qdict.js';
import type { ClassIR, Part, X86Rules } from '../compile/ir.js';
import type { Core } from './core.js';
import { hasAll, type CpuState } from './state.js';

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
  for (const k of keys) out[k.name] = 'parts' in k ? hasAll(s.f, k.parts) : s.values[k.prop];
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
