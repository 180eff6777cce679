import type { Dialect, ModelError } from '../../types.js';
import { decodeLossy, encodeModUtf8 } from '../../../util/mutf8.js';
import type { PropertyIR } from '../compile/ir.js';
import { storeInt } from '../values.js';
import { resolveLink } from './qom-tree.js';

/**
 * Writing one non-feature QOM property: the checks of QEMU's visitors and
 * setters, with their texts per dialect (Appendix E.1, checked live). A
 * setter answers the value to store, or the error.
 */
export interface SetContext {
  typename: string;
  /** The key as the client wrote it (an alias keeps its own name). */
  key: string;
  /** The QAPI path type errors name: `key` (7.2) or `model.props.key` (10.x). */
  path: string;
  dialect: Dialect;
  /** The machine has no CPU slots (`none`): realize fails on the unset apic-id. */
  emptyMachine: boolean;
  /** Current value of `apic-id` (realize needs it set). */
  apicId: unknown;
}

export type SetResult = { ok: true; value: unknown } | { ok: false; error: ModelError };

const U64 = 1n << 64n;
const I64_MIN = -(1n << 63n), I64_MAX = (1n << 63n) - 1n;

const generic = (desc: string): SetResult => ({ ok: false, error: { code: 'object-property', desc } });
const wrongType = (c: SetContext, type: string) => generic(`Invalid parameter type for '${c.path}', expected: ${type}`);
const stored = (value: unknown): SetResult => ({ ok: true, value });

/** QEMU's uint64 visitor: an int64 or uint64 JSON integer, negatives wrapped. */
function asUint64(v: unknown): bigint | undefined {
  if (typeof v !== 'bigint' || v < I64_MIN || v >= U64) return undefined;
  return v < 0n ? v + U64 : v;
}

const asInt64 = (v: unknown): bigint | undefined => (typeof v === 'bigint' && v >= I64_MIN && v <= I64_MAX ? v : undefined);

const UINT_MAX: Readonly<Record<string, bigint>> = { uint8: 0xffn, uint16: 0xffffn, uint32: 0xffffffffn, uint64: U64 - 1n };
const ON_OFF_AUTO = ['on', 'off', 'auto'];

/** The check of a property's QOM type alone (no setter of its own). */
function byType(p: PropertyIR, v: unknown, c: SetContext): SetResult {
  switch (p.kind) {
    case 'bool': return typeof v === 'boolean' ? stored(v) : wrongType(c, 'boolean');
    case 'uint8': case 'uint16': case 'uint32': case 'uint64': {
      const u = asUint64(v);
      if (u === undefined) return generic(`Parameter '${c.path}' expects uint64`);
      return u <= UINT_MAX[p.kind]! ? stored(storeInt(u)) : generic(`Parameter '${p.name}' expects ${p.kind}_t`);
    }
    case 'int32': case 'int': {
      const i = asInt64(v);
      if (i === undefined) return wrongType(c, 'integer');
      return p.kind === 'int' || (i >= -0x80000000n && i <= 0x7fffffffn) ? stored(storeInt(i)) : generic(`Parameter '${p.name}' expects int32_t`);
    }
    case 'string': return typeof v === 'string' ? stored(v) : wrongType(c, 'string');
    case 'OnOffAuto':
      if (typeof v !== 'string') return wrongType(c, 'string');
      return ON_OFF_AUTO.includes(v) ? stored(v) : generic(`Parameter '${p.name}' does not accept value '${v}'`);
    case 'link': return typeof v === 'string' ? link(p, v) : wrongType(c, 'string');
    case 'other': return { ok: false, error: { code: 'property-not-writable', typename: c.typename, key: c.key } };
  }
}

function link(p: PropertyIR, path: string): SetResult {
  if (path === '') return stored('');
  const found = resolveLink(path, p.linkType ?? '');
  if (typeof found === 'object') return stored(found.found);
  if (found === 'wrong-type') return generic(`Invalid parameter type for '${p.name}', expected: ${p.linkType}`);
  if (found === 'ambiguous') return generic(`Path '${path}' does not uniquely identify an object`);
  return { ok: false, error: { code: 'object-property', desc: `Device '${path}' not found`, errorClass: 'DeviceNotFound' } };
}

/** The QAPI visitor a property reads its value with (what `-cpu` text must parse as). */
export type Visitor = 'bool' | 'int64' | 'uint64' | 'str';

const UNSIGNED_SETTERS = new Set(['family', 'model', 'stepping']);

export function visitorOf(p: PropertyIR, dialect: Dialect): Visitor {
  if (p.setter && UNSIGNED_SETTERS.has(p.setter)) return dialect === 'legacy' ? 'int64' : 'uint64';
  if (p.kind === 'bool') return 'bool';
  if (p.kind.startsWith('uint')) return 'uint64';
  if (p.kind.startsWith('int')) return 'int64';
  return 'str';
}

/** family, model, stepping, tsc-frequency: a range, with 7.2's and 10.x's texts. */
function ranged(p: PropertyIR, v: unknown, c: SetContext, max: bigint, unsigned: boolean): SetResult {
  const legacy = c.dialect === 'legacy';
  const n = unsigned && !legacy ? asUint64(v) : asInt64(v);
  if (n === undefined) return unsigned && !legacy ? generic(`Parameter '${c.path}' expects uint64`) : wrongType(c, 'integer');
  if (n >= 0n && n <= max) return stored(storeInt(n));
  return generic(legacy ? `Property .${p.name} doesn't take value ${n} (minimum: 0, maximum: ${max})` : `parameter '${p.name}' can be at most ${max}`);
}

const LBR_FMT_MASK = 0x3fn;

type Setter = (p: PropertyIR, v: unknown, c: SetContext) => SetResult;

/** Setters with their own checks, by the rules' `setter` name (a Map: `setter: constructor` names no setter). */
const SETTERS: ReadonlyMap<string, Setter> = new Map(Object.entries({
  family: (p, v, c) => ranged(p, v, c, 0xffn + 0xfn, true),
  model: (p, v, c) => ranged(p, v, c, 0xffn, true),
  stepping: (p, v, c) => ranged(p, v, c, 0xfn, true),
  'tsc-frequency': (p, v, c) => {
    const r = ranged(p, v, c, I64_MAX, false);
    return r.ok ? stored(storeInt((BigInt(r.value as number | bigint) / 1000n) * 1000n)) : r;
  },
  vendor: (p, v, c) => {
    if (typeof v !== 'string') return wrongType(c, 'string');
    if (encodeModUtf8(v).length === 12) return stored(v);
    return generic(c.dialect === 'legacy' ? `Property '.${p.name}' doesn't take value '${v}'` : `value of property '${p.name}' must consist of exactly 12 characters`);
  },
  'model-id': (_p, v, c) => (typeof v === 'string' ? stored(decodeLossy(encodeModUtf8(v).slice(0, 48))) : wrongType(c, 'string')),
  'lbr-fmt': (p, v) => {
    const u = asUint64(v);
    if (u === undefined) return { ok: false, error: { code: 'not-supported', desc: `Parameter '${p.name}' needs an integer (QEMU aborts on this value)` } };
    return (u & ~LBR_FMT_MASK) === 0n ? stored(storeInt(u)) : generic(`Property value for '${p.name}' has bits outside mask '0x3f'`);
  },
  link: (p, v, c) => byType(p, v, c),
  realize: (_p, v, c) => {
    if (typeof v !== 'boolean') return wrongType(c, 'boolean');
    if (!v) return stored(false);
    if (c.emptyMachine && c.apicId === 0xffffffff) return generic('apic-id property was not initialized properly');
    return { ok: false, error: { code: 'not-supported', desc: 'cpumodel answers CPU-model queries only: it does not realize (hot-plug) a CPU' } };
  },
} satisfies Record<string, Setter>));

/** Check and convert a value for a non-feature property. */
export function setProperty(p: PropertyIR, v: unknown, c: SetContext): SetResult {
  if (!p.writable) return { ok: false, error: { code: 'property-not-writable', typename: c.typename, key: c.key } };
  const setter = p.setter ? SETTERS.get(p.setter) : undefined;
  return setter ? setter(p, v, c) : byType(p, v, c);
}

export function knownSetter(name: string): boolean {
  return SETTERS.has(name);
}
