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
import { MEMO_MIN_KEYS, qdictPermutation } from '../util/qdict.js';
import { formatDouble } from './json-number.js';
import { isValidCodepoint } from '../util/mutf8.js';

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
};

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** Printable ASCII without `"` and `\\`: written as is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Quoted keys: property names repeat from reply to reply. Bounded. */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 65_536;

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quoteString(key);
    if (quotedKeys.size >= QUOTED_KEYS_MAX) quotedKeys.clear();
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

export function quoteString(text: string): string {
  if (PLAIN.test(text)) return `"${text}"`;
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

/**
 * The text of each member of a remembered key list in QDict order: `"key": `
 * after its separator, and the whole member when the value is true or false
 * (most members of an expansion). Keyed by the shared permutation.
 */
interface Pieces { prefix: string[]; on: string[]; off: string[] }
const piecesMemo = new WeakMap<Uint32Array, Pieces>();

function piecesOf(keys: readonly string[], perm: Uint32Array): Pieces {
  let pieces = piecesMemo.get(perm);
  if (!pieces) {
    const prefix = Array.from(perm, (k, i) => `${i ? ', ' : ''}${quoteKey(keys[k]!)}: `);
    pieces = { prefix, on: prefix.map((p) => `${p}true`), off: prefix.map((p) => `${p}false`) };
    piecesMemo.set(perm, pieces);
  }
  return pieces;
}

/** Members in QDict order; a member whose value is undefined is absent (as in JSON.stringify). */
function membersOf(value: object): string {
  const map = value instanceof Map ? (value as Map<string, unknown>) : undefined;
  let keys = map ? [...map.keys()] : Object.keys(value);
  let values = map ? [...map.values()] : Object.values(value);
  if (values.includes(undefined)) {
    keys = keys.filter((_, i) => values[i] !== undefined);
    values = values.filter((v) => v !== undefined);
  }
  const perm = qdictPermutation(keys);
  let out = '';
  if (keys.length >= MEMO_MIN_KEYS) {
    const { prefix, on, off } = piecesOf(keys, perm);
    for (let i = 0; i < perm.length; i++) {
      const v = values[perm[i]!];
      out += v === true ? on[i] : v === false ? off[i] : prefix[i] + toJson(v);
    }
    return out;
  }
  for (let i = 0; i < perm.length; i++) out += `${i ? ', ' : ''}${quoteKey(keys[perm[i]!]!)}: ${toJson(values[perm[i]!])}`;
  return out;
}

/** JSON text written as it is: a reply recorded from QEMU, already in QEMU's format. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Serialises a JSON-able value (see the module comment for accepted shapes; RawJson as its text). */
export function toJson(value: unknown): string {
  switch (typeof value) {
    case 'string': return quoteString(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'bigint': return value.toString();
    case 'number': return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : formatDouble(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(toJson).join(', ')}]`;
      if (value instanceof RawJson) return value.text;
      return `{${membersOf(value)}}`;
    default:
      throw new TypeError(`cannot serialise a ${typeof value} as JSON`);
  }
}
