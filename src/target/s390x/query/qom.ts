import type { ModelError } from './errors.js';

/**
 * Properties of QEMU's s390x CPU object that are not CPU features, and how
 * a `props` entry for each is answered. Writing one changes no feature; it
 * can only fail. `since`: the QEMU version that added the property. A Map,
 * so a request's key such as `constructor` is looked up as a name only.
 */
type Kind = 'read-only' | 'bool' | 'uint32' | 'int32' | 'entitlement' | 'link' | 'realize';

export const CPU_OBJECT_PROPERTIES: ReadonlyMap<string, { kind: Kind; since?: string }> = new Map(Object.entries({
  'type': { kind: 'read-only' },
  'parent_bus': { kind: 'read-only' },
  'legacy-memory': { kind: 'read-only' },
  'description': { kind: 'read-only' },
  'crash-information': { kind: 'read-only' },
  'hotplugged': { kind: 'read-only' },
  'hotpluggable': { kind: 'read-only' },
  'migration-safe': { kind: 'read-only' },
  'static': { kind: 'read-only' },
  'memory': { kind: 'link' },
  'core-id': { kind: 'uint32' },
  'start-powered-off': { kind: 'bool' },
  'realized': { kind: 'realize' },
  'book-id': { kind: 'int32', since: '8.2' },
  'drawer-id': { kind: 'int32', since: '8.2' },
  'socket-id': { kind: 'int32', since: '8.2' },
  'entitlement': { kind: 'entitlement', since: '8.2' },
  'dedicated': { kind: 'bool', since: '8.2' },
} satisfies Record<string, { kind: Kind; since?: string }>));

const ENTITLEMENTS = ['auto', 'low', 'medium', 'high'];

export interface PropContext {
  typename: string;
  key: string;
  /** The parameter path QEMU names in type errors: `key` (7.2) or `model.props.key` (10.x). */
  path: string;
}

/**
 * A JSON integer literal. The QMP parser gives those as bigint; a JS number
 * is a literal with a fraction or exponent (`1.0`, `1e3`), which QEMU reads
 * as a double and rejects where it wants an integer.
 */
const isInt = (v: unknown): v is bigint => typeof v === 'bigint';

/** The error QEMU gives for writing `value` to a non-feature property, or null if accepted. */
export function objectPropertyError(kind: Kind, value: unknown, c: PropContext): ModelError | null {
  const generic = (desc: string): ModelError => ({ code: 'object-property', desc });
  const wrongType = (type: string) => generic(`Invalid parameter type for '${c.path}', expected: ${type}`);
  switch (kind) {
    case 'read-only': return { code: 'property-not-writable', typename: c.typename, key: c.key };
    case 'bool': return typeof value === 'boolean' ? null : wrongType('boolean');
    case 'uint32':
      if (!isInt(value)) return generic(`Parameter '${c.path}' expects uint64`);
      return value >= 0n && value <= 0xffffffffn ? null : generic(`Parameter '${c.key}' expects uint32_t`);
    case 'int32':
      if (!isInt(value)) return wrongType('integer');
      return value >= -0x80000000n && value <= 0x7fffffffn ? null : generic(`Parameter '${c.key}' expects int32_t`);
    case 'entitlement':
      if (typeof value !== 'string') return wrongType('string');
      return ENTITLEMENTS.includes(value) ? null : generic(`Parameter '${c.key}' does not accept value '${value}'`);
    case 'link':
      if (typeof value !== 'string') return wrongType('string');
      return value === '' ? null : { code: 'object-property', desc: `Device '${value}' not found`, errorClass: 'DeviceNotFound' };
    case 'realize':
      if (typeof value !== 'boolean') return wrongType('boolean');
      return value ? { code: 'not-supported', desc: 'cpumodel answers CPU-model queries only: it does not realize (hot-plug) a CPU' } : null;
  }
}
