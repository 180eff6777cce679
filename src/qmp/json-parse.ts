/**
 * Streaming JSON reader with the behaviour of QEMU's QMP input path
 * (lexer → streamer → parser), the same in QEMU 7.2 and 10.0.
 *
 * Framing: the streamer counts `{`/`}` and `[`/`]`. A message ends at the
 * token where both counts are back to zero, or where either goes negative,
 * so a scalar at top level is a message of its own, and a stray `}` is one
 * too (an error). Each message is parsed, and yields one value or one error.
 *
 * Values: objects are `Map`s in insertion order (any key is safe, including
 * "__proto__" and integer-like ones); integers that fit int64 or uint64 are
 * `bigint`; every other number (fractions, exponents, larger integers) is a
 * JS `number` as C's strtod gives it, so 1e400 is Infinity and -0.0 is -0.
 *
 * Errors and recovery:
 * - a lexical error yields `JSON parse error, stray '<bytes read>'` and drops
 *   the message in progress;
 * - syntax errors yield `JSON parse error, <reason>` (the first one found);
 * - limits, checked per token before it is kept: total token bytes of one
 *   message (64 MiB), token count (2 Mi) and nesting depth (1024) yield
 *   `JSON token size limit exceeded`, `JSON token count limit exceeded`,
 *   `JSON nesting depth limit exceeded`. The message in progress is
 *   dropped, and the tokens after it are read as new messages.
 *
 * Memory: a message in progress is held as the bytes of its tokens (see
 * json-message.ts), decoded only once it is complete; `heldBytes` is what
 * the parser has allocated for it, bounded by the size limit.
 */
import { JsonLexer, type TokenType } from './json-lexer.js';
import { decodeLossy } from '../util/mutf8.js';
import { makeToken, parseTokens, type Token } from './json-tokens.js';
import { MessageBytes } from './json-message.js';
import { FastReader } from './json-fast.js';

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;
export type JsonEvent = { value: JsonValue } | { error: string };

export interface JsonLimits { maxTokenSize: number; maxTokenCount: number; maxNesting: number }

export const QEMU_JSON_LIMITS: JsonLimits = {
  maxTokenSize: 64 * 1024 * 1024,
  maxTokenCount: 2 * 1024 * 1024,
  maxNesting: 1024,
};

const encoder = new TextEncoder();

export class JsonStreamParser {
  private readonly lexer: JsonLexer;
  private readonly limits: JsonLimits;
  private readonly message = new MessageBytes();
  private tokenCount = 0;
  private tokenSize = 0;
  private braces = 0;
  private brackets = 0;
  private events: JsonEvent[] = [];
  private readonly fast: FastReader;

  constructor(limits: Partial<JsonLimits> = {}) {
    this.limits = { ...QEMU_JSON_LIMITS, ...limits };
    this.lexer = new JsonLexer((type, text) => this.onToken(type, text), this.limits.maxTokenSize);
    this.fast = new FastReader(this.limits);
  }

  /**
   * Feeds raw bytes (strings are sent as UTF-8); returns the messages completed.
   * Between messages, a whole plain object is read by the fast path (json-fast.ts);
   * everything else by the lexer, which stops after each message it ends.
   */
  feed(chunk: string | Uint8Array): JsonEvent[] {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    for (let i = 0; i < bytes.length; ) {
      if (this.tokenCount === 0 && this.lexer.idle) {
        i = skipSpace(bytes, i);
        const end = bytes[i] === 0x7b ? this.fast.read(bytes, i) : -1;
        if (end >= 0) {
          this.events.push({ value: this.fast.result });
          i = end;
          continue;
        }
      }
      i = this.lexer.feed(bytes, i);
    }
    const done = this.events;
    this.events = [];
    return done;
  }

  /** Bytes held between feed() calls for the message (and token) in progress. */
  get heldBytes(): number {
    return this.message.capacity + this.lexer.heldBytes;
  }

  /** Whether a message (or a token) has begun and not ended. */
  get midMessage(): boolean {
    return this.tokenCount > 0 || this.lexer.midToken;
  }

  /** Drops the message in progress and all memory held for it. */
  reset(): void {
    this.lexer.reset();
    this.endMessage();
  }

  private onToken(type: TokenType, text: Uint8Array): void {
    if (type === 'error') return this.emit({ error: `JSON parse error, stray '${decodeLossy(text)}'` });
    if (type === '{') this.braces++;
    else if (type === '}') this.braces--;
    else if (type === '[') this.brackets++;
    else if (type === ']') this.brackets--;
    const limitError = this.checkLimits(text.length);
    if (limitError) return this.emit({ error: limitError });
    this.tokenCount++;
    this.tokenSize += text.length;
    const open = this.braces > 0 || this.brackets > 0;
    if (open && this.braces >= 0 && this.brackets >= 0) return this.message.append(type, text);
    const tokens: Token[] = [];
    this.message.forEach((t, bytes) => tokens.push(makeToken(t, bytes)));
    tokens.push(makeToken(type, text));
    this.emit(parseTokens(tokens));
  }

  private checkLimits(length: number): string | null {
    const { maxTokenSize, maxTokenCount, maxNesting } = this.limits;
    if (this.tokenSize + length + 1 > maxTokenSize) return 'JSON token size limit exceeded';
    if (this.tokenCount + 1 > maxTokenCount) return 'JSON token count limit exceeded';
    if (this.braces + this.brackets > maxNesting) return 'JSON nesting depth limit exceeded';
    return null;
  }

  /** Ends the message in progress: reports it and starts a new one. */
  private emit(event: JsonEvent): void {
    this.events.push(event);
    this.endMessage();
    this.lexer.stop();
  }

  private endMessage(): void {
    this.message.clear();
    this.tokenCount = 0;
    this.tokenSize = 0;
    this.braces = 0;
    this.brackets = 0;
  }
}

/** The lexer's whitespace, which it drops between tokens. */
function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) break;
    i++;
  }
  return i;
}
