/**
 * JSON with exact integers, for comparing QEMU's replies with cpumodel's:
 * integers beyond 2^53 that fit int64/uint64 are bigints (QEMU's parser
 * rules), other numbers are numbers; objects are plain objects in the
 * text's key order (`__proto__` included, as an own member).
 */

/** An own data member, also for keys like `__proto__`. */
export function putMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
/** A JSON string token, or a number token (only numbers are rewritten). */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const BIG = '#cpumodel-bigint';

/** One JSON value from `text` (a QMP line); throws on anything else. */
export function parseExact(text: string): unknown {
  let big = false;
  const marked = text.replace(TOKEN, (token) => {
    if (token.startsWith('"') || !/^-?\d{16,}$/.test(token)) return token;
    const n = BigInt(token);
    if (Number.isSafeInteger(Number(token)) || n < INT64_MIN || n > UINT64_MAX) return token;
    big = true;
    return `{"${BIG}":"${token}"}`;
  });
  return big ? JSON.parse(marked, (_key, value: unknown) =>
    (typeof value === 'object' && value !== null && BIG in value ? BigInt((value as Record<string, string>)[BIG]!) : value))
    : JSON.parse(text);
}

/** JSON text in the value's own key order; bigints exact. Objects may be Maps. */
export function writeExact(value: unknown): string {
  switch (typeof value) {
    case 'bigint': return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} as JSON`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean': return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(writeExact).join(',')}]`;
      const entries = value instanceof Map ? [...(value as Map<string, unknown>)] : Object.entries(value);
      return `{${entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${writeExact(v)}`).join(',')}}`;
    }
    default: throw new TypeError(`cannot write a ${typeof value} as JSON`);
  }
}
