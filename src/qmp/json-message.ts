/**
 * The message in progress, held as the bytes of its tokens rather than as
 * token objects: about one byte per byte received, whatever the tokens (as
 * objects, `[1,1,1,…` cost ~40 bytes per byte).
 *
 * Every token appended is a whole, lexically valid token; a space goes
 * between two scalars (`1` `2` would read as `12`). So the bytes split back
 * into the same tokens by a simple scan: punctuation is one byte, a string
 * runs to its unescaped closing quote, anything else to the next space or
 * punctuation, and is a float if it holds `.`, `e` or `E` (an int
 * otherwise, a keyword if it starts with a letter).
 */
import type { TokenType } from './json-lexer.js';

const SPACE = 0x20;
const PUNCT: Record<number, TokenType> = { 0x7b: '{', 0x7d: '}', 0x5b: '[', 0x5d: ']', 0x3a: ':', 0x2c: ',' };
const isScalar = (type: TokenType): boolean => type === 'string' || type === 'int' || type === 'float' || type === 'keyword';

export type TokenVisitor = (type: TokenType, text: Uint8Array) => void;

export class MessageBytes {
  private bytes = new Uint8Array(0);
  private length = 0;
  private scalarLast = false;

  /** Bytes allocated. */
  get capacity(): number {
    return this.bytes.length;
  }

  append(type: TokenType, text: Uint8Array): void {
    const gap = this.scalarLast && isScalar(type) ? 1 : 0;
    const need = this.length + gap + text.length;
    if (need > this.bytes.length) this.grow(need);
    if (gap) this.bytes[this.length++] = SPACE;
    this.bytes.set(text, this.length);
    this.length += text.length;
    this.scalarLast = isScalar(type);
  }

  /** Visits the tokens appended, in order (texts are views into the buffer until clear()). */
  forEach(visit: TokenVisitor): void {
    const b = this.bytes;
    for (let i = 0; i < this.length; ) {
      const punct = PUNCT[b[i]!];
      if (b[i] === SPACE) {
        i++;
      } else if (punct) {
        visit(punct, b.subarray(i, i + 1));
        i++;
      } else {
        const end = b[i] === 0x22 || b[i] === 0x27 ? stringEnd(b, i) : wordEnd(b, i, this.length);
        visit(wordType(b, i, end), b.subarray(i, end));
        i = end;
      }
    }
  }

  /** Empties the buffer; a big one is let go, so that an idle parser holds little. */
  clear(): void {
    this.length = 0;
    this.scalarLast = false;
    if (this.bytes.length > 4096) this.bytes = new Uint8Array(0);
  }

  private grow(min: number): void {
    const bigger = new Uint8Array(Math.max(min, 256, this.bytes.length * 2));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }
}

/** After the closing quote of the string starting at `i`. */
function stringEnd(b: Uint8Array, i: number): number {
  const quote = b[i]!;
  let j = i + 1;
  while (b[j] !== quote) j += b[j] === 0x5c ? 2 : 1;
  return j + 1;
}

function wordEnd(b: Uint8Array, i: number, length: number): number {
  let j = i + 1;
  while (j < length && b[j] !== SPACE && PUNCT[b[j]!] === undefined) j++;
  return j;
}

function wordType(b: Uint8Array, start: number, end: number): TokenType {
  const first = b[start]!;
  if (first === 0x22 || first === 0x27) return 'string';
  if (first >= 0x61 && first <= 0x7a) return 'keyword';
  for (let j = start; j < end; j++) {
    if (b[j] === 0x2e || b[j] === 0x65 || b[j] === 0x45) return 'float';
  }
  return 'int';
}
