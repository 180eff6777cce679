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
 * Objects may be `Map`s, plain objects (plain objects only for keys that
 * are not integer-like, whose own-key order JS would change) or Members;
 * members whose value is undefined are left out.
 */
import { MEMO_MIN_KEYS, qdictPermutation } from '../util/qdict.js';
import { formatDouble } from './json-number.js';
import { isValidCodepoint } from '../util/mutf8.js';
import { flat, writeRemembered } from './json-pieces.js';

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
};

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** Printable ASCII without `"` and `\\`: written as is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A bounded memo (emptied when full) of flat strings made from strings. */
function memoized(max: number, make: (text: string) => string): (text: string) => string {
  const memo = new Map<string, string>();
  return (text) => {
    let made = memo.get(text);
    if (made === undefined) {
      made = flat(make(text));
      if (memo.size >= max) memo.clear();
      memo.set(text, made);
    }
    return made;
  };
}

/** Short strings as quoted: model and property names repeat from reply to reply. */
const QUOTED_MAX = 64;
const quoted = memoized(16_384, (text) => quoteString(text));
/** `"key": ` for each key. */
const keyPrefix = memoized(65_536, (key) => `${quoteString(key)}: `);

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

/** The members of a Map or an object, in insertion order, leaving out those whose value is undefined. */
function membersIn(value: object, keys: string[], values: unknown[]): void {
  if (value instanceof Map) {
    for (const [k, v] of value as Map<string, unknown>) {
      if (v === undefined) continue;
      keys.push(k);
      values.push(v);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  const plain = Object.getPrototypeOf(value) === Object.prototype;
  // for-in rather than Object.keys/values: about 3× quicker over an object in dictionary mode (props
  // added key by key, as s390x expansions are made), about 2× slower over a fast one (x86_64's)
  for (const k in record) {
    const v = record[k];
    if (v === undefined || !(plain || Object.hasOwn(record, k))) continue;
    keys.push(k);
    values.push(v);
  }
}

/** Members in QDict order; a member whose value is undefined is absent (as in JSON.stringify). */
function writeMembers(value: object, out: string[]): void {
  const keys: string[] = [];
  const values: unknown[] = [];
  membersIn(value, keys, values);
  writeOrdered(keys, values, qdictPermutation(keys), out);
}

/** `values[perm[i]]` is the value of the i-th member in QDict order; none is undefined. */
function writeOrdered(keys: readonly string[], values: readonly unknown[], perm: Uint32Array, out: string[]): void {
  if (keys.length >= MEMO_MIN_KEYS) return writeRemembered(keys, values, perm, out, keyPrefix, writeValue);
  for (let i = 0; i < perm.length; i++) {
    if (i) out.push(', ');
    out.push(keyPrefix(keys[perm[i]!]!));
    writeValue(values[perm[i]!], out);
  }
}

/**
 * An object as two lists, keys in insertion order and their values (an
 * expansion's props): a key list that recurs, the same array each time, has
 * its QDict order worked out once; a values array that recurs (`recurs`: the
 * same array, never changed), its text.
 */
export class Members {
  constructor(readonly keys: readonly string[], readonly values: readonly unknown[], readonly recurs = false) {}
}

const listOrder = new WeakMap<readonly string[], Uint32Array>();
const listText = new WeakMap<readonly unknown[], string>();

function writeList({ keys, values, recurs }: Members, out: string[]): void {
  const known = recurs ? listText.get(values) : undefined;
  if (known !== undefined) return void out.push(known);
  const start = out.length;
  if (values.includes(undefined)) writeMembers(new Map(keys.map((k, i) => [k, values[i]])), out);
  else {
    let perm = listOrder.get(keys);
    if (!perm) listOrder.set(keys, (perm = qdictPermutation(keys)));
    writeOrdered(keys, values, perm, out);
  }
  if (!recurs) return;
  const text = out.splice(start).join('');
  listText.set(values, text);
  out.push(text);
}

/** JSON text written as it is: a reply recorded from QEMU, already in QEMU's format. */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * Serialises a JSON-able value (see the module comment for accepted shapes;
 * RawJson as its text). The pieces are gathered and joined once: a string
 * built by appending (a rope of a thousand pieces for an expansion) costs
 * more to flatten when written than to build.
 */
export function toJson(value: unknown): string {
  return written(value, '');
}

/** The value's text and "\r\n", as QEMU's monitor writes each reply and event. */
export function toJsonLine(value: unknown): string {
  return written(value, '\r\n');
}

/** The pieces of one text; reused (a reply is written whole before the next one begins). */
const pieces: string[] = [];

function written(value: unknown, end: string): string {
  pieces.length = 0;
  writeValue(value, pieces);
  pieces.push(end);
  const text = pieces.join('');
  pieces.length = 0;
  return text;
}

function writeValue(value: unknown, out: string[]): void {
  switch (typeof value) {
    case 'string': return void out.push(value.length <= QUOTED_MAX ? quoted(value) : quoteString(value));
    case 'boolean': return void out.push(value ? 'true' : 'false');
    case 'bigint': return void out.push(value.toString());
    case 'number': return void out.push(Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : formatDouble(value));
    case 'object':
      if (value === null) return void out.push('null');
      if (value instanceof RawJson) return void out.push(value.text);
      if (!Array.isArray(value)) {
        out.push('{');
        if (value instanceof Members) writeList(value, out);
        else writeMembers(value, out);
        return void out.push('}');
      }
      out.push('[');
      for (let i = 0; i < value.length; i++) {
        if (i) out.push(', ');
        writeValue(value[i], out);
      }
      return void out.push(']');
    default:
      throw new TypeError(`cannot serialise a ${typeof value} as JSON`);
  }
}
