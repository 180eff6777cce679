/**
 * `-cpu` strings out: a model name plus the props that rebuild an answer
 * exactly. Every string is checked before it is returned: parsed as `-cpu`
 * parses it, expanded (static) and compared with the answer, so a string that
 * would mean another model (props applied in another order, a group after its
 * members, a value `-cpu` cannot carry) is never printed.
 */
import type { ArchEngine, ModelInfo, ModelRequest, PropOrder } from '../target/types.js';
import { parseCpuSpec } from '../util/cpu-spec.js';

/** A model as a name and the props to apply to it left to right. */
export interface Decomposed {
  name: string;
  props: [string, unknown][];
  spec: string;
}

function valueText(v: unknown): string | undefined {
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  // `-cpu` splits at commas; a value with one (or an empty one) cannot be written plainly.
  if (typeof v === 'string' && v !== '' && !v.includes(',')) return v;
  return undefined;
}

export function specText(name: string, props: readonly [string, unknown][]): string | undefined {
  const parts = [name];
  for (const [k, v] of props) {
    const text = valueText(v);
    if (text === undefined) return undefined;
    parts.push(`${k}=${text}`);
  }
  return parts.join(',');
}

const same = (a: unknown, b: unknown) => a === b || (a !== undefined && b !== undefined && String(a) === String(b));

/** The props that turn `from`'s static expansion into `target`'s; undefined where a difference cannot be written. */
function difference(target: Record<string, unknown>, from: Record<string, unknown>): [string, unknown][] | undefined {
  const out: [string, unknown][] = [];
  for (const k of new Set([...Object.keys(target), ...Object.keys(from)])) {
    const [a, b] = [target[k], from[k]];
    if (same(a, b)) continue;
    // Absent from a static delta: the base model's value, the opposite of the other side's.
    if (a === undefined && typeof b !== 'boolean') return undefined;
    out.push([k, a === undefined ? !b : a]);
  }
  return out;
}

function staticOf(engine: ArchEngine, req: ModelRequest, order: PropOrder = 'as-given'): ModelInfo | undefined {
  const r = engine.expand(req, 'static', order);
  return r.ok ? r.value.model : undefined;
}

/** Static expansions of bare model names, per engine (engines never change). */
const bare = new WeakMap<ArchEngine, Map<string, ModelInfo | undefined>>();

function bareStatic(engine: ArchEngine, name: string): ModelInfo | undefined {
  let memo = bare.get(engine);
  if (!memo) bare.set(engine, (memo = new Map()));
  if (!memo.has(name)) memo.set(name, staticOf(engine, { name }));
  return memo.get(name);
}

/**
 * Does `-cpu text` expand (static) to exactly `target`, with its props applied
 * left to right as `-cpu` does and in QMP's order (so the props also mean the
 * same model when sent as a QMP request)?
 */
export function rebuilds(engine: ArchEngine, text: string, target: ModelInfo): boolean {
  return (['as-given', 'qmp'] as const).every((order) => rebuildsIn(engine, text, target, order));
}

function rebuildsIn(engine: ArchEngine, text: string, target: ModelInfo, order: PropOrder): boolean {
  const spec = parseCpuSpec(text);
  const got = staticOf(engine, { name: spec.name, props: spec.props }, order);
  if (!got || got.name !== target.name) return false;
  const [a, b] = [got.props ?? {}, target.props ?? {}];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => Object.hasOwn(a, k) && Object.hasOwn(b, k) && same(a[k], b[k]));
}

/**
 * `target` (a static expansion) as a named model plus props: relative to
 * `prefer` (e.g. the model asked for) when that rebuilds it, else relative to
 * the answer's own name. Undefined when no `-cpu` string can (a value with a comma).
 */
export function decompose(engine: ArchEngine, target: ModelInfo, prefer?: string): Decomposed | undefined {
  const names = [...new Set([prefer, target.name].filter((n): n is string => n !== undefined))];
  for (const name of names) {
    const from = bareStatic(engine, name);
    if (!from || from.name !== target.name) continue;
    const props = difference(target.props ?? {}, from.props ?? {});
    if (!props) continue;
    // Other properties may follow from the features (a CPUID level raised by a feature): try without them first.
    const features = props.filter(([, v]) => typeof v === 'boolean');
    for (const candidate of features.length < props.length ? [features, props] : [props]) {
      const spec = specText(name, candidate);
      if (spec !== undefined && rebuilds(engine, spec, target)) return { name, props: candidate, spec };
    }
  }
  return undefined;
}
