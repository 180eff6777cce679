/**
 * JSON with exact integers, for comparing QEMU's replies with cpumodel's:
 * integers that fit int64/uint64 are bigints (QEMU's parser rules), other
 * numbers are numbers; objects are plain objects in the text's key order
 * (`__proto__` included, as an own member).
 */
import { JsonStreamParser, type JsonValue } from '../qmp/json-parse.js';

/** An own data member, also for keys like `__proto__`. */
export function putMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function plain(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) putMember(out, k, plain(v));
    return out;
  }
  return value;
}

/** One JSON value from `text` (a QMP line); throws on anything else. */
export function parseExact(text: string): unknown {
  const events = new JsonStreamParser().feed(`${text}\n`);
  const [event] = events;
  if (events.length !== 1 || !event || 'error' in event) throw new Error(`not one JSON value: ${text.slice(0, 200)}`);
  return plain(event.value);
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
