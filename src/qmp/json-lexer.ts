/**
 * Byte-level JSON tokenizer with the behaviour of QEMU's QMP lexer.
 *
 * - Whitespace is space, tab, CR and LF; it separates tokens and is dropped.
 * - Strings may use double or single quotes. Inside them any byte from 0x20
 *   to 0xFD is taken as is (escapes and UTF-8 are checked later, by the
 *   parser); a control byte, 0xFE or 0xFF ends the token as an error.
 * - Numbers follow the JSON grammar; `-`, `1.`, `1e`, `01` are errors.
 * - A keyword is any run of a-z; the parser rejects all but true/false/null.
 * - Any other byte is an error. An error token holds the bytes read so far,
 *   including the offending byte. After an error the lexer skips input up
 *   to the next structural character (`[ ] { } : ,`), control byte other
 *   than tab, or 0xFE/0xFF, and starts afresh there.
 * - A token in progress that grows past `maxTokenSize` bytes is cut off and
 *   handed over as `oversize`; lexing restarts with the next byte.
 */
export type TokenType =
  | '{' | '}' | '[' | ']' | ':' | ',' | 'int' | 'float' | 'keyword' | 'string' | 'error' | 'oversize';

export type TokenSink = (type: TokenType, text: Uint8Array) => void;

const START = 0, RECOVERY = 1, DQ = 2, DQ_ESC = 3, SQ = 4, SQ_ESC = 5, ZERO = 6, DIGITS = 7,
  SIGN = 8, MANTISSA = 9, MANTISSA_DIGITS = 10, EXP_E = 11, EXP_SIGN = 12, EXP_DIGITS = 13, KEYWORD = 14;

/** A transition: the next state, or a token; `peek` means the byte is not consumed. */
type Step = { to: number; peek?: boolean } | { token: TokenType; peek?: boolean };

const STRUCTURAL: Record<number, TokenType> = { 0x7b: '{', 0x7d: '}', 0x5b: '[', 0x5d: ']', 0x3a: ':', 0x2c: ',' };
const ERROR: Step = { token: 'error' };
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;
const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
const inString = (b: number): boolean => b >= 0x20 && b <= 0xfd;

function fromStart(b: number): Step {
  const structural = STRUCTURAL[b];
  if (structural) return { token: structural };
  if (b === 0x22) return { to: DQ };
  if (b === 0x27) return { to: SQ };
  if (b === 0x30) return { to: ZERO };
  if (isDigit(b)) return { to: DIGITS };
  if (b === 0x2d) return { to: SIGN };
  if (b >= 0x61 && b <= 0x7a) return { to: KEYWORD };
  return isSpace(b) ? { to: START } : ERROR;
}

function fromRecovery(b: number): Step {
  const resync = (b < 0x20 && b !== 0x09) || b >= 0xfe || STRUCTURAL[b] !== undefined;
  return resync ? { to: START, peek: true } : { to: RECOVERY };
}

function inQuoted(b: number, quote: number, self: number, escape: number): Step {
  if (!inString(b)) return ERROR;
  if (b === quote) return { token: 'string' };
  return { to: b === 0x5c ? escape : self };
}

function fromNumber(state: number, b: number): Step {
  const digit = isDigit(b);
  const exp = b === 0x65 || b === 0x45;
  switch (state) {
    case ZERO: return digit ? ERROR : b === 0x2e ? { to: MANTISSA } : { token: 'int', peek: true };
    case DIGITS:
      if (digit) return { to: DIGITS };
      return exp ? { to: EXP_E } : b === 0x2e ? { to: MANTISSA } : { token: 'int', peek: true };
    case SIGN: return b === 0x30 ? { to: ZERO } : digit ? { to: DIGITS } : ERROR;
    case MANTISSA: return digit ? { to: MANTISSA_DIGITS } : ERROR;
    case MANTISSA_DIGITS: return digit ? { to: state } : exp ? { to: EXP_E } : { token: 'float', peek: true };
    case EXP_E: return b === 0x2b || b === 0x2d ? { to: EXP_SIGN } : digit ? { to: EXP_DIGITS } : ERROR;
    case EXP_SIGN: return digit ? { to: EXP_DIGITS } : ERROR;
    default: return digit ? { to: EXP_DIGITS } : { token: 'float', peek: true };
  }
}

function next(state: number, b: number): Step {
  switch (state) {
    case START: return fromStart(b);
    case RECOVERY: return fromRecovery(b);
    case DQ: return inQuoted(b, 0x22, DQ, DQ_ESC);
    case SQ: return inQuoted(b, 0x27, SQ, SQ_ESC);
    case DQ_ESC: return inString(b) ? { to: DQ } : ERROR;
    case SQ_ESC: return inString(b) ? { to: SQ } : ERROR;
    case KEYWORD: return b >= 0x61 && b <= 0x7a ? { to: KEYWORD } : { token: 'keyword', peek: true };
    default: return fromNumber(state, b);
  }
}

/** A growable byte buffer for the token being read. */
class TokenBuffer {
  bytes = new Uint8Array(64);
  length = 0;

  /** `cap` is the most the buffer ever has to hold. */
  constructor(private readonly cap: number) {}

  push(b: number): void {
    if (this.length === this.bytes.length) this.grow(this.length + 1);
    this.bytes[this.length++] = b;
  }

  pushRange(src: Uint8Array, start: number, end: number): void {
    if (this.length + end - start > this.bytes.length) this.grow(this.length + end - start);
    this.bytes.set(src.subarray(start, end), this.length);
    this.length += end - start;
  }

  take(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.clear();
    return out;
  }

  /** Empties the buffer; a big one is let go, so that an idle lexer holds little. */
  clear(): void {
    this.length = 0;
    if (this.bytes.length > 4096) this.bytes = new Uint8Array(64);
  }

  private grow(min: number): void {
    const bigger = new Uint8Array(Math.max(min, Math.min(this.bytes.length * 2, this.cap)));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }
}

export class JsonLexer {
  private state = START;
  private readonly token: TokenBuffer;
  private stopping = false;

  constructor(private readonly sink: TokenSink, private readonly maxTokenSize: number) {
    this.token = new TokenBuffer(maxTokenSize + 1);
  }

  /** Bytes allocated for the token in progress. */
  get heldBytes(): number {
    return this.token.bytes.length;
  }

  /** Whether a token has begun and not ended (skipping after an error holds nothing). */
  get midToken(): boolean {
    return this.token.length > 0;
  }

  /** Whether no token is in progress and no error is being skipped. */
  get idle(): boolean {
    return this.state === START && this.token.length === 0;
  }

  /** Called by the sink: feed() returns after the byte being read. */
  stop(): void {
    this.stopping = true;
  }

  /** Forgets the token in progress. */
  reset(): void {
    this.token.clear();
    this.state = START;
  }

  /** Reads `bytes` from `from`; returns where it stopped: the end, or after the byte during which the sink called stop(). */
  feed(bytes: Uint8Array, from = 0): number {
    this.stopping = false;
    for (let i = from; i < bytes.length; i++) {
      if (this.state === DQ || this.state === SQ) i = this.skipPlain(bytes, i);
      if (i < bytes.length) this.feedByte(bytes[i]!);
      if (this.stopping) {
        this.stopping = false;
        return i + 1;
      }
    }
    return bytes.length;
  }

  /** Fast path: copies ordinary string bytes up to the next special one. */
  private skipPlain(bytes: Uint8Array, from: number): number {
    const quote = this.state === DQ ? 0x22 : 0x27;
    const limit = Math.min(bytes.length, from + this.maxTokenSize + 1 - this.token.length);
    let i = from;
    while (i < limit) {
      const b = bytes[i]!;
      if (b === quote || b === 0x5c || !inString(b)) break;
      i++;
    }
    this.token.pushRange(bytes, from, i);
    if (this.token.length > this.maxTokenSize) this.cutOversize();
    return i;
  }

  private feedByte(b: number): void {
    for (let consumed = false; !consumed; ) {
      const step = next(this.state, b);
      consumed = !step.peek;
      if (consumed) this.token.push(b);
      if ('token' in step) {
        this.sink(step.token, this.token.take());
        this.state = step.token === 'error' ? RECOVERY : START;
      } else {
        if (step.to === START || step.to === RECOVERY) this.token.clear();
        this.state = step.to;
      }
    }
    if (this.token.length > this.maxTokenSize) this.cutOversize();
  }

  private cutOversize(): void {
    this.sink('oversize', this.token.take());
    this.state = START;
  }
}
