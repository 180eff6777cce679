/**
 * A small, bounded XML reader for what libvirt writes (capabilities,
 * domain capabilities, its QEMU capability cache): elements, attributes,
 * text, comments and the XML declaration. It expands no entities beyond
 * the five predefined ones and character references: a document type
 * declaration (where entities would be declared) is an error, so input
 * cannot make the reader grow (no "billion laughs").
 */
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { TextPositions } from './text.js';
import type { Span } from '../diag/diagnostic.js';

export interface XmlAttr { value: string; span: Span }

export interface XmlElement {
  name: string;
  attrs: Map<string, XmlAttr>;
  children: XmlElement[];
  /** The element's own text (child elements' text not included), entities decoded. */
  text: string;
  span: Span;
}

const MAX_DEPTH = 256;
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlError extends Error {
  constructor(readonly at: number, message: string, readonly help: string) { super(message); }
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, help: string, at = this.pos): never {
    throw new XmlError(at, message, help);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) this.fail(`expected a name, found ${this.found()}`, 'libvirt XML names are letters, digits, `-`, `_`, `.` and `:`');
    this.pos += m[0].length;
    return m[0];
  }

  found(): string {
    return this.pos >= this.text.length ? 'the end of the file' : `\`${this.text.slice(this.pos, this.pos + 12).split('\n')[0]}\``;
  }

  expect(s: string, help: string): void {
    if (!this.text.startsWith(s, this.pos)) this.fail(`expected \`${s}\`, found ${this.found()}`, help);
    this.pos += s.length;
  }

  /** Skip to after `end` (comments, declarations). */
  skipPast(end: string, what: string): void {
    const i = this.text.indexOf(end, this.pos);
    if (i < 0) this.fail(`unterminated ${what}`, `close it with \`${end}\``);
    this.pos = i + end.length;
  }

  decode(raw: string, at: number): string {
    return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string, off: number) => {
      if (!whole.endsWith(';')) this.fail('`&` starts no entity reference', 'write `&amp;` for a literal `&`', at + off);
      if (ref in PREDEFINED) return PREDEFINED[ref]!;
      const code = /^#x[0-9a-fA-F]+$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
      if (Number.isNaN(code)) this.fail(`unknown entity \`&${ref};\``, 'only &lt; &gt; &amp; &quot; &apos; and character references are read (no entity expansion)', at + off);
      if (code > 0x10ffff) this.fail(`character reference \`&${ref};\` is out of range`, 'use a Unicode code point', at + off);
      return String.fromCodePoint(code);
    });
  }
}

function readAttrs(r: Reader, pos: TextPositions): Map<string, XmlAttr> {
  const attrs = new Map<string, XmlAttr>();
  for (;;) {
    r.skipSpace();
    const c = r.text[r.pos];
    if (c === '>' || c === '/' || c === undefined) return attrs;
    const at = r.pos;
    const name = r.name();
    if (attrs.has(name)) r.fail(`attribute \`${name}\` appears twice`, 'keep one of them', at);
    r.skipSpace();
    r.expect('=', 'write attributes as name=\'value\'');
    r.skipSpace();
    const q = r.text[r.pos];
    if (q !== '"' && q !== "'") r.fail(`attribute \`${name}\` needs a quoted value`, 'write attributes as name=\'value\'');
    const end = r.text.indexOf(q, r.pos + 1);
    if (end < 0) r.fail(`unterminated value of attribute \`${name}\``, `close it with ${q}`);
    const raw = r.text.slice(r.pos + 1, end);
    if (raw.includes('<')) r.fail(`\`<\` in the value of attribute \`${name}\``, 'write `&lt;`', r.pos + 1 + raw.indexOf('<'));
    attrs.set(name, { value: r.decode(raw, r.pos + 1), span: pos.span(r.pos + 1, end) });
    r.pos = end + 1;
  }
}

/** Comments, processing instructions and (refused) declarations before or between elements; true when one was skipped. */
function skipMisc(r: Reader): boolean {
  if (r.text.startsWith('<!--', r.pos)) return r.skipPast('-->', 'comment'), true;
  if (r.text.startsWith('<?', r.pos)) return r.skipPast('?>', 'processing instruction'), true;
  if (r.text.startsWith('<!DOCTYPE', r.pos) || r.text.startsWith('<!ENTITY', r.pos)) {
    r.fail('document type declarations are not read', 'remove the <!DOCTYPE …> part: libvirt never writes one, and entities are not expanded');
  }
  if (r.text.startsWith('<![CDATA[', r.pos)) r.fail('CDATA sections are not read', 'libvirt writes none; use character references');
  return false;
}

function readElement(r: Reader, pos: TextPositions, depth: number): XmlElement {
  if (depth > MAX_DEPTH) r.fail(`elements nest deeper than ${MAX_DEPTH}`, 'libvirt XML nests a few levels');
  const start = r.pos;
  r.expect('<', 'an element starts with `<`');
  const name = r.name();
  const attrs = readAttrs(r, pos);
  const el: XmlElement = { name, attrs, children: [], text: '', span: pos.span(start, r.pos) };
  if (r.text.startsWith('/>', r.pos)) return (r.pos += 2), el;
  r.expect('>', `close the start tag of \`${name}\` with \`>\``);
  for (;;) {
    const lt = r.text.indexOf('<', r.pos);
    if (lt < 0) r.fail(`element \`${name}\` is not closed`, `end it with \`</${name}>\``, start);
    el.text += r.decode(r.text.slice(r.pos, lt), r.pos);
    r.pos = lt;
    if (skipMisc(r)) continue;
    if (r.text.startsWith('</', r.pos)) {
      const at = r.pos;
      r.pos += 2;
      const closing = r.name();
      if (closing !== name) r.fail(`\`</${closing}>\` closes \`<${name}>\``, `end it with \`</${name}>\``, at);
      r.skipSpace();
      r.expect('>', 'an end tag ends with `>`');
      return el;
    }
    el.children.push(readElement(r, pos, depth + 1));
  }
}

/** Parse a document: its root element, or one diagnostic at the first problem. */
export function parseXml(file: string, text: string): { root: XmlElement } | { diagnostics: Diagnostic[] } {
  const pos = new TextPositions(file, text);
  const r = new Reader(text);
  try {
    if (text.charCodeAt(0) === 0xfeff) r.pos = 1;
    for (r.skipSpace(); skipMisc(r); r.skipSpace());
    const root = readElement(r, pos, 0);
    for (r.skipSpace(); r.pos < text.length && skipMisc(r); r.skipSpace());
    if (r.pos < text.length) r.fail(`text after the root element \`${root.name}\``, 'a document has one root element');
    return { root };
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    return { diagnostics: [error('import/bad-xml', e.message, pos.span(e.at, Math.min(e.at + 1, text.length)), e.help)] };
  }
}

/** Child elements by name. */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
export const childNamed = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
