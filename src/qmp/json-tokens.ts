/**
 * Token values and the recursive-descent parser for one framed message.
 *
 * Scalar tokens are decoded when they arrive (a bad string or keyword keeps
 * its error until the parser reaches it), so a message in progress holds
 * values, not raw bytes. The parser reports the first error it meets, with
 * QEMU's wording.
 */
import type { JsonEvent, JsonObject, JsonValue } from './json-parse.js';
import type { TokenType } from './json-lexer.js';
import { decodeLossy, isValidCodepoint, modUtf8Codepoint } from '../util/mutf8.js';

type Punct = '{' | '}' | '[' | ']' | ':' | ',';
export type Token = { type: Punct } | { type: 'value'; value: JsonValue } | { type: 'bad'; error: string };

const PUNCT = new Map<Punct, Token>((['{', '}', '[', ']', ':', ','] as const).map((p) => [p, { type: p }]));
const ascii = new TextDecoder('latin1');
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export function makeToken(type: TokenType, text: Uint8Array): Token {
  const punct = PUNCT.get(type as Punct);
  if (punct) return punct;
  if (type === 'string') return decodeString(text);
  const word = ascii.decode(text);
  if (type === 'keyword') {
    if (word === 'true' || word === 'false') return { type: 'value', value: word === 'true' };
    if (word === 'null') return { type: 'value', value: null };
    return { type: 'bad', error: `invalid keyword '${word}'` };
  }
  return { type: 'value', value: type === 'int' ? parseInteger(word) : Number(word) };
}

/** int64 if it fits, else uint64 if it fits, else the nearest double. */
function parseInteger(word: string): JsonValue {
  const n = BigInt(word);
  if (n >= INT64_MIN && n <= UINT64_MAX && (n <= INT64_MAX || !word.startsWith('-'))) return n;
  return Number(word);
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"', 0x27: "'", 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t',
};

function hexDigit(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Four hex digits at `at`, or -1. */
function hex4(text: Uint8Array, at: number): number {
  let cp = 0;
  for (let i = at; i < at + 4; i++) {
    const digit = hexDigit(text[i]);
    if (digit < 0) return -1;
    cp = cp * 16 + digit;
  }
  return cp;
}

/** A `\uXXXX` escape (or surrogate pair) starting at the backslash. */
function unicodeEscape(text: Uint8Array, beg: number): { cp: number; end: number } {
  let cp = hex4(text, beg + 2);
  let end = beg + 6;
  if (cp >= 0xd800 && cp <= 0xdbff && text[end] === 0x5c && text[end + 1] === 0x75) {
    const low = hex4(text, end + 2);
    if (low >= 0xdc00 && low <= 0xdfff) {
      cp = 0x10000 + ((cp & 0x3ff) << 10) + (low & 0x3ff);
      end += 6;
    } else {
      cp = -1;
    }
  }
  return { cp, end };
}

/** The end of the run of plain ASCII (no quote, no backslash) starting at `from`. */
function plainRun(text: Uint8Array, from: number, quote: number): number {
  let i = from;
  while (i < text.length && text[i]! < 0x80 && text[i] !== quote && text[i] !== 0x5c) i++;
  return i;
}

function decodeString(text: Uint8Array): Token {
  const quote = text[0]!;
  const parts: string[] = [];
  for (let i = 1; text[i] !== quote; ) {
    const run = plainRun(text, i, quote);
    if (run > i) {
      parts.push(ascii.decode(text.subarray(i, run)));
      i = run;
    } else {
      const next = text[i] === 0x5c ? escapeAt(text, i) : codepointAt(text, i);
      if ('error' in next) return { type: 'bad', error: next.error };
      parts.push(next.char);
      i = next.end;
    }
  }
  return { type: 'value', value: parts.join('') };
}

type Decoded = { char: string; end: number } | { error: string };

function escapeAt(text: Uint8Array, i: number): Decoded {
  const simple = SIMPLE_ESCAPES[text[i + 1]!];
  if (simple !== undefined) return { char: simple, end: i + 2 };
  if (text[i + 1] !== 0x75) return { error: 'invalid escape sequence in string' };
  const { cp, end } = unicodeEscape(text, i);
  if (isValidCodepoint(cp)) return { char: String.fromCodePoint(cp), end };
  // The six bytes from the backslash, decoded as QEMU's writer decodes any C string:
  // UTF-8 by code point (`\u` then `é` shows `é`), a sequence cut off or invalid as U+FFFD.
  const shown = decodeLossy(text.subarray(i, Math.min(end, text.length)));
  return { error: `${shown} is not a valid Unicode character` };
}

function codepointAt(text: Uint8Array, i: number): Decoded {
  const { cp, end } = modUtf8Codepoint(text, i);
  return cp < 0 ? { error: 'invalid UTF-8 sequence in string' } : { char: String.fromCodePoint(cp), end };
}

class SyntaxFault extends Error {}

/** Parses one framed message: a value or QEMU's first parse error. */
export function parseTokens(tokens: readonly Token[]): JsonEvent {
  const reader = new Reader(tokens);
  try {
    return { value: reader.value() };
  } catch (e) {
    if (e instanceof SyntaxFault) return { error: `JSON parse error, ${e.message}` };
    throw e;
  }
}

class Reader {
  private pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  value(): JsonValue {
    const token = this.peek();
    if (token.type === '{') return this.object();
    if (token.type === '[') return this.array();
    if (token.type === 'value') return (this.pos++, token.value);
    if (token.type === 'bad') throw new SyntaxFault(token.error);
    throw new SyntaxFault('expecting value');
  }

  private object(): JsonObject {
    this.pos++;
    const map: JsonObject = new Map();
    if (this.peek().type === '}') return (this.pos++, map);
    for (;;) {
      this.pair(map);
      const sep = this.pop();
      if (sep.type === '}') return map;
      if (sep.type !== ',') throw new SyntaxFault('expected separator in dict');
    }
  }

  private pair(map: JsonObject): void {
    this.peek();
    const key = this.value();
    if (typeof key !== 'string') throw new SyntaxFault('key is not a string in object');
    if (this.pop().type !== ':') throw new SyntaxFault('missing : in object pair');
    const value = this.value();
    if (map.has(key)) throw new SyntaxFault('duplicate key');
    map.set(key, value);
  }

  private array(): JsonValue[] {
    this.pos++;
    const list: JsonValue[] = [];
    if (this.peek().type === ']') return (this.pos++, list);
    for (;;) {
      list.push(this.value());
      const sep = this.pop();
      if (sep.type === ']') return list;
      if (sep.type !== ',') throw new SyntaxFault('expected separator in list');
    }
  }

  private peek(): Token {
    const token = this.tokens[this.pos];
    if (!token) throw new SyntaxFault('premature EOI');
    return token;
  }

  private pop(): Token {
    const token = this.peek();
    this.pos++;
    return token;
  }
}
