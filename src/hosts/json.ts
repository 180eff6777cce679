/**
 * A JSON reader for host dumps: one value (a QMP reply) or a sequence of
 * values (libvirt's `.replies` files: each command, then QEMU's answer),
 * with the position of every problem. Objects are null-prototype records
 * (any key is safe); nesting is bounded.
 */
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { TextPositions } from './text.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonItem { value: Json; span: Span }

const MAX_DEPTH = 512;
/** A JSON string token, matched in place (sticky: no copy of the rest of the text). */
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class JsonError extends Error {
  constructor(readonly at: number, message: string, readonly help: string) { super(message); }
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, help = 'the file must hold QMP JSON (one reply, or libvirt\'s .replies sequence)', at = this.pos): never {
    throw new JsonError(at, message, help);
  }

  space(): void {
    while (/[ \t\r\n]/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  found(): string {
    return this.pos >= this.text.length ? 'the end of the file' : `\`${this.text[this.pos]}\``;
  }

  value(depth: number): Json {
    if (depth > MAX_DEPTH) this.fail(`values nest deeper than ${MAX_DEPTH}`);
    this.space();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) this.fail(`expected a value, found ${this.found()}`);
    this.pos += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
  }

  string(): string {
    const start = this.pos;
    STRING.lastIndex = start;
    const end = STRING.exec(this.text);
    if (!end) this.fail('unterminated or malformed string', 'close strings with `"`; escape `"` and `\\`', start);
    this.pos += end[0].length;
    return JSON.parse(end[0]) as string;
  }

  object(depth: number): Json {
    const out: { [key: string]: Json } = Object.create(null) as { [key: string]: Json };
    this.pos++;
    this.space();
    if (this.text[this.pos] === '}') return this.pos++, out;
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail(`expected a member name, found ${this.found()}`, 'member names are strings in double quotes');
      const key = this.string();
      this.space();
      if (this.text[this.pos] !== ':') this.fail(`expected \`:\`, found ${this.found()}`);
      this.pos++;
      out[key] = this.value(depth + 1);
      this.space();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.fail(`expected \`,\` or \`}\`, found ${(this.pos--, this.found())}`);
    }
  }

  array(depth: number): Json {
    const out: Json[] = [];
    this.pos++;
    this.space();
    if (this.text[this.pos] === ']') return this.pos++, out;
    for (;;) {
      out.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail(`expected \`,\` or \`]\`, found ${(this.pos--, this.found())}`);
    }
  }
}

/** Every top-level value of the text, or one diagnostic at the first problem. */
export function parseJsonSequence(file: string, text: string): { items: JsonItem[] } | { diagnostics: Diagnostic[] } {
  const pos = new TextPositions(file, text);
  const r = new Reader(text);
  const items: JsonItem[] = [];
  try {
    for (r.space(); r.pos < text.length; r.space()) {
      const start = r.pos;
      const value = r.value(0);
      items.push({ value, span: pos.span(start, r.pos) });
    }
    if (items.length === 0) r.fail('the file holds no JSON value');
    return { items };
  } catch (e) {
    if (!(e instanceof JsonError)) throw e;
    return { diagnostics: [error('import/bad-json', e.message, pos.span(e.at, Math.min(e.at + 1, text.length)), e.help)] };
  }
}

export const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
