import type { ModelError, PropEntry, PropOrder } from '../../types.js';
import { qdictBucket, qdictOrder } from '../../../util/qdict.js';
import type { Assign, ClassIR, PropTarget } from '../compile/ir.js';
import { parseBoolText, parseIntText } from '../values.js';
import type { Core } from './core.js';
import { setProperty, visitorOf, type Visitor } from './qom.js';
import { bitsOf, setting, type Cause, type CpuState, type Trace } from './state.js';

/**
 * QMP applies `props` in QDict iteration order, not in the order written; a
 * repeated key keeps its first place and its last value.
 */
export function qmpOrder(entries: readonly PropEntry[], buckets?: BucketCache): readonly PropEntry[] {
  if (entries.length < 2) return entries;
  const last = new Map<string, unknown>();
  for (const [k, v] of entries) last.set(k, v);
  if (!buckets) return qdictOrder(entries.map(([k]) => k)).map((k) => [k, last.get(k)] as const);
  const keyed = [...last.keys()].map((k) => ({ k, b: buckets.bucket(k), seq: entries.findIndex(([x]) => x === k) }));
  keyed.sort((a, b) => a.b - b.b || b.seq - a.seq);
  return keyed.map(({ k }) => [k, last.get(k)] as const);
}

/** QDict buckets of the property names a CPU knows, hashed once (qdictOrder's order, without re-hashing). */
export class BucketCache {
  private readonly known = new Map<string, number>();

  constructor(names: Iterable<string>) {
    for (const n of names) this.known.set(n, qdictBucket(n));
  }

  bucket(key: string): number {
    return this.known.get(key) ?? qdictBucket(key);
  }
}

/** Set or clear every bit of a feature; it becomes a user setting. */
export function setFeature(core: Core, s: CpuState, feature: number, value: boolean, trace?: Trace, cause?: Cause): void {
  const f = core.rules.features[feature]!;
  for (const p of f.parts) {
    const before = s.f[p.slot]!;
    s.f[p.slot] = value ? before | p.mask : before & ~p.mask;
    s.user[p.slot]! |= p.mask;
    if (trace && cause) trace.bits(bitsOf(p.slot, p.mask), value, cause);
  }
}

const TEXT_EXPECTS: Readonly<Record<Visitor, string>> = { bool: "'on' or 'off'", int64: 'int64', uint64: 'uint64', str: 'string' };

/** `-cpu` values are text: read them as QEMU's string input visitor does. */
function fromText(core: Core, target: PropTarget, key: string, v: unknown): { value: unknown } | { error: ModelError } {
  const visitor = target.kind === 'feature' ? 'bool' : visitorOf(core.rules.properties[target.index]!, core.dialect);
  // The -cpu parser hands boolean words over as booleans; a non-boolean property reads them as text.
  const text = typeof v === 'boolean' && visitor !== 'bool' ? (v ? 'on' : 'off') : v;
  if (typeof text !== 'string') return { value: text };
  const value = visitor === 'bool' ? parseBoolText(text) : visitor === 'str' ? text : parseIntText(text);
  return value === undefined ? { error: { code: 'object-property', desc: `Parameter '${key}' expects ${TEXT_EXPECTS[visitor]}` } } : { value };
}

/**
 * `-cpu` keys: `_` becomes `-` (a compatibility rule of QEMU's -cpu parser),
 * and `tsc-freq` is `tsc-frequency` with a metric suffix.
 */
function cpuOptionKey(key: string, value: unknown): [string, unknown] | { error: ModelError } {
  const k = key.replaceAll('_', '-');
  if (k !== 'tsc-freq') return [k, value];
  const hz = typeof value === 'string' ? parseMetric(value) : undefined;
  return hz === undefined ? { error: { code: 'object-property', desc: `bad numerical value ${String(value)}` } } : ['tsc-frequency', hz];
}

const METRIC: Readonly<Record<string, bigint>> = { '': 1n, B: 1n, K: 10n ** 3n, M: 10n ** 6n, G: 10n ** 9n, T: 10n ** 12n, P: 10n ** 15n, E: 10n ** 18n };

/** A size with a metric suffix (`2.5G`), as qemu_strtosz_metric reads it. */
function parseMetric(text: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?([BKMGTPE]?)$/i.exec(text);
  if (!m) return undefined;
  const unit = METRIC[m[3]!.toUpperCase()]!;
  const frac = m[2] ?? '';
  return BigInt(m[1]!) * unit + (BigInt(frac || '0') * unit) / 10n ** BigInt(frac.length);
}

export interface ApplyContext {
  typename: string;
  where: string;
  trace?: Trace;
  cause?: Cause;
}

/** Write one value to a feature or property; the first error aborts the request. */
export function applyValue(core: Core, s: CpuState, target: PropTarget, key: string, value: unknown, c: ApplyContext): ModelError | null {
  if (target.kind === 'feature') {
    if (typeof value !== 'boolean') return { code: 'prop-not-bool', where: c.where, key };
    setFeature(core, s, target.index, value, c.trace, c.cause);
    return null;
  }
  const p = core.rules.properties[target.index]!;
  const path = core.dialect === 'qapi-path' ? `${c.where}.props.${key}` : key;
  const r = setProperty(p, value, {
    typename: c.typename, key, path, dialect: core.dialect, emptyMachine: core.emptyMachine,
    apicId: core.roles.apicId === undefined ? undefined : s.values[core.roles.apicId],
  });
  if (!r.ok) return r.error;
  s.values[p.index] = r.value;
  if (c.trace && c.cause) c.trace.prop(p.index, r.value, c.cause);
  return null;
}

/** A rule's setting (version props, init, TCG defaults, compat globals): the rules guarantee it applies. */
export function applyAssign(core: Core, cls: ClassIR, s: CpuState, a: Assign, trace?: Trace, cause?: Cause): void {
  const error = applyValue(core, s, a.target, a.key, a.value, { typename: cls.typename, where: 'model', trace, cause });
  if (error) throw new Error(`rule ${a.rule.id} (${a.rule.span.file}:${a.rule.span.line}) cannot set \`${a.key}\` on ${cls.name}: ${error.code}`);
}

/** The client's props on a fresh instance, in QDict order (QMP) or as written (`-cpu`). */
export function applyRequest(core: Core, cls: ClassIR, s: CpuState, entries: readonly PropEntry[], order: PropOrder, trace?: Trace): ModelError | null {
  const list = order === 'qmp' ? qmpOrder(entries, core.buckets) : entries;
  for (const entry of list) {
    const option = order === 'as-given' ? cpuOptionKey(entry[0], entry[1]) : entry;
    if ('error' in option) return option.error;
    const [key, raw] = option;
    const target = core.rules.lookup.get(key);
    if (!target || (target.kind === 'prop' && !core.classHas(cls, target.index))) return { code: 'property-not-found', typename: cls.typename, key };
    const text = order === 'as-given' ? fromText(core, target, key, raw) : { value: raw };
    if ('error' in text) return text.error;
    const value = text.value;
    const cause: Cause | undefined = trace && { kind: 'user', valued: true, text: `the request sets ${setting(key, value)}` };
    const error = applyValue(core, s, target, key, value, { typename: cls.typename, where: 'model', trace, cause });
    if (error) return error;
  }
  return null;
}
