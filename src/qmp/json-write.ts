/**
 * JSON output formatted exactly as QEMU's QMP writer does it:
 * - `{"a": 1, "b": [1, 2]}`: ", " between members, ": " after keys;
 * - object keys in QDict iteration order (qdictOrder of insertion order);
 * - strings: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`; every other code point
 *   below 0x20 or from 0x7F up as `\uXXXX` (upper-case hex, surrogate pairs
 *   beyond the BMP), so output is pure ASCII; `/` is not escaped; a code
 *   point QEMU would not accept (lone surrogate, noncharacter) prints as
 *   `\uFFFD`;
 * - bigint as decimal integers; numbers as C's `%.17g`, so 0.1 prints as
 *   0.10000000000000001, 1e20 as 1e+20, -0 as -0 and Infinity as inf.
 *
 * Objects may be `Map`s or plain objects (plain objects only for keys that
 * are not integer-like, whose own-key order JS would change); members whose
 * value is undefined are left out.
 */
import { qdictOrder } from '../util/qdict.js';
import { formatDouble } from './json-number.js';
import { isValidCodepoint } from '../util/mutf8.js';

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
};

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

export function quoteString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const short = SHORT_ESCAPES[ch];
    if (short) {
      out += short;
      continue;
    }
    let cp = ch.codePointAt(0)!;
    if (!isValidCodepoint(cp)) cp = 0xfffd;
    if (cp > 0xffff) {
      out += `\\u${hex4(0xd800 + ((cp - 0x10000) >> 10))}\\u${hex4(0xdc00 + ((cp - 0x10000) & 0x3ff))}`;
    } else if (cp < 0x20 || cp >= 0x7f) {
      out += `\\u${hex4(cp)}`;
    } else {
      out += ch;
    }
  }
  return out + '"';
}

/** Members in QDict order; a member whose value is undefined is absent (as in JSON.stringify). */
function entriesOf(value: object): [string, unknown][] {
  const all = value instanceof Map ? [...(value as Map<string, unknown>).entries()] : Object.entries(value);
  const map = new Map(all.filter(([, v]) => v !== undefined));
  return qdictOrder([...map.keys()]).map((key) => [key, map.get(key)]);
}

/** Serialises a JSON-able value (see the module comment for accepted shapes). */
export function toJson(value: unknown): string {
  switch (typeof value) {
    case 'string': return quoteString(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'bigint': return value.toString();
    case 'number': return formatDouble(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(toJson).join(', ')}]`;
      return `{${entriesOf(value).map(([k, v]) => `${quoteString(k)}: ${toJson(v)}`).join(', ')}}`;
    default:
      throw new TypeError(`cannot serialise a ${typeof value} as JSON`);
  }
}
