/**
 * The fast path of the JSON reader, for the requests clients send: one
 * complete, well-formed object read straight from the input bytes, without
 * tokens. It takes only what the lexer and parser would take to the same
 * value: double-quoted strings of printable ASCII without escapes, integers
 * of up to 15 digits, true, false, null, objects without duplicate keys,
 * arrays, whitespace between tokens, and nothing beyond a limit. On anything
 * else (an escape, a single quote, a non-ASCII byte, a float, an error, an
 * object the input cuts off) it gives up, and the byte-level lexer reads the
 * same bytes again, so the result never depends on which path read them.
 */
import type { JsonLimits, JsonObject, JsonValue } from './json-parse.js';

/** Returned by the readers when the fast path gives up. */
const GIVE_UP: unique symbol = Symbol('give up');
type Read = JsonValue | typeof GIVE_UP;

const MAX_DIGITS = 15;
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isLower = (b: number): boolean => b >= 0x61 && b <= 0x7a;
/** Where an integer token may end: a byte that neither continues it nor makes it a float or an error. */
const endsNumber = (b: number): boolean => isSpace(b) || b === 0x2c || b === 0x7d || b === 0x5d;

/** Short strings (keys, names) are interned: requests repeat them. Bounded. */
const INTERN_SLOTS = 2048;
const INTERN_MAX = 32;
const interned: (string | undefined)[] = new Array(INTERN_SLOTS);
const ascii = new TextDecoder('latin1');

function decodeAscii(b: Uint8Array, start: number, end: number, hash: number): string {
  const length = end - start;
  if (length > INTERN_MAX) return ascii.decode(b.subarray(start, end));
  const slot = (hash ^ length) & (INTERN_SLOTS - 1);
  const known = interned[slot];
  if (known !== undefined && known.length === length && sameText(known, b, start)) return known;
  const text = length === 0 ? '' : ascii.decode(b.subarray(start, end));
  interned[slot] = text;
  return text;
}

function sameText(text: string, b: Uint8Array, start: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== b[start + i]) return false;
  return true;
}

export class FastReader {
  private b: Uint8Array = new Uint8Array(0);
  private i = 0;
  private tokens = 0;
  private depth = 0;
  private maxDepth = 0;
  /** The object read by the last successful read(). */
  result: JsonObject = new Map();

  constructor(private readonly limits: JsonLimits) {}

  /** Reads one object starting at `from` (a `{`); returns the index after it, or -1 to give up. */
  read(bytes: Uint8Array, from: number): number {
    this.b = bytes;
    this.i = from;
    this.tokens = 0;
    this.depth = 0;
    this.maxDepth = 0;
    const value = this.object();
    this.b = EMPTY;
    if (value === GIVE_UP) return -1;
    const { maxTokenSize, maxTokenCount, maxNesting } = this.limits;
    if (this.i - from + 1 > maxTokenSize || this.tokens > maxTokenCount || this.maxDepth > maxNesting) return -1;
    this.result = value as JsonObject;
    return this.i;
  }

  private skipSpace(): number {
    const b = this.b;
    let i = this.i;
    while (i < b.length && isSpace(b[i]!)) i++;
    this.i = i;
    return i < b.length ? b[i]! : -1;
  }

  private open(): boolean {
    this.i++;
    this.tokens++;
    if (++this.depth > this.maxDepth) this.maxDepth = this.depth;
    return this.depth <= this.limits.maxNesting;
  }

  private close(): void {
    this.i++;
    this.tokens++;
    this.depth--;
  }

  /** Punctuation `c` after optional whitespace. */
  private punct(c: number): boolean {
    if (this.skipSpace() !== c) return false;
    this.i++;
    this.tokens++;
    return true;
  }

  private value(): Read {
    const c = this.skipSpace();
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.integer();
    if (isLower(c)) return this.keyword();
    return GIVE_UP;
  }

  private object(): Read {
    if (!this.open()) return GIVE_UP;
    const map: JsonObject = new Map();
    for (let more = this.skipSpace() !== 0x7d; more; ) {
      if (this.skipSpace() !== 0x22) return GIVE_UP;
      const key = this.string();
      if (key === GIVE_UP || !this.punct(0x3a)) return GIVE_UP;
      const value = this.value();
      if (value === GIVE_UP || map.has(key as string)) return GIVE_UP;
      map.set(key as string, value);
      const next = this.afterItem(0x7d);
      if (next === null) return GIVE_UP;
      more = next;
    }
    this.close();
    return map;
  }

  private array(): Read {
    if (!this.open()) return GIVE_UP;
    const list: JsonValue[] = [];
    for (let more = this.skipSpace() !== 0x5d; more; ) {
      const value = this.value();
      if (value === GIVE_UP) return GIVE_UP;
      list.push(value);
      const next = this.afterItem(0x5d);
      if (next === null) return GIVE_UP;
      more = next;
    }
    this.close();
    return list;
  }

  /** After a member or element: a comma (read; true), the closer `end` (left for close(); false), or null to give up. */
  private afterItem(end: number): boolean | null {
    const sep = this.skipSpace();
    if (sep === end) return false;
    if (sep !== 0x2c) return null;
    this.i++;
    this.tokens++;
    return true;
  }

  private string(): Read {
    const b = this.b;
    const start = this.i + 1;
    let i = start;
    let hash = 0;
    for (; i < b.length; i++) {
      const c = b[i]!;
      if (c === 0x22) break;
      if (c < 0x20 || c > 0x7f || c === 0x5c) return GIVE_UP;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (i >= b.length) return GIVE_UP;
    this.i = i + 1;
    this.tokens++;
    return decodeAscii(b, start, i, hash);
  }

  private integer(): Read {
    const b = this.b;
    const start = this.i;
    let i = b[start] === 0x2d ? start + 1 : start;
    const first = i;
    if (b[i] === 0x30) i++;
    else while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    if (i === first || i - first > MAX_DIGITS || i >= b.length || !endsNumber(b[i]!)) return GIVE_UP;
    let n = 0;
    for (let k = first; k < i; k++) n = n * 10 + b[k]! - 0x30;
    this.i = i;
    this.tokens++;
    return BigInt(b[start] === 0x2d ? -n : n);
  }

  private keyword(): Read {
    const b = this.b;
    let i = this.i;
    while (i < b.length && isLower(b[i]!)) i++;
    if (i >= b.length) return GIVE_UP;
    const length = i - this.i;
    const at = this.i;
    let value: Read = GIVE_UP;
    if (length === 4 && b[at] === 0x74 && b[at + 1] === 0x72 && b[at + 2] === 0x75 && b[at + 3] === 0x65) value = true;
    else if (length === 4 && b[at] === 0x6e && b[at + 1] === 0x75 && b[at + 2] === 0x6c && b[at + 3] === 0x6c) value = null;
    else if (length === 5 && b[at] === 0x66 && b[at + 1] === 0x61 && b[at + 2] === 0x6c && b[at + 3] === 0x73 && b[at + 4] === 0x65) value = false;
    if (value !== GIVE_UP) {
      this.i = i;
      this.tokens++;
    }
    return value;
  }
}

const EMPTY = new Uint8Array(0);
