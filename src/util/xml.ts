/**
 * A small, bounded XML reader for the subset libvirt writes: elements,
 * attributes, text, comments, processing instructions and CDATA. No DTDs, so
 * no entity expansion: only the five predefined entities and character
 * references are read. Depth and element count are capped. Every node keeps
 * its offsets, for diagnostics with file:line:col.
 */

export interface XmlAttr {
  value: string;
  /** Offsets of the attribute (name to closing quote). */
  start: number;
  end: number;
}

export interface XmlElement {
  name: string;
  attrs: Map<string, XmlAttr>;
  children: XmlElement[];
  /** The element's own text (its direct text and CDATA), as written. */
  text: string;
  /** Offsets of the start tag. */
  start: number;
  end: number;
}

export interface XmlProblem {
  message: string;
  help: string;
  offset: number;
}

export const MAX_DEPTH = 64;
export const MAX_ELEMENTS = 100_000;

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][-\w.:]*/y;

class Problem extends Error {
  constructor(message: string, readonly help: string, readonly offset: number) {
    super(message);
  }
}

/** Parse a document: its root element, or the first problem. */
export function parseXml(text: string): { root: XmlElement } | { problem: XmlProblem } {
  try {
    return { root: new Reader(text).document() };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return { problem: { message: e.message, help: e.help, offset: e.offset } };
  }
}

class Reader {
  private pos = 0;
  private count = 0;

  constructor(private readonly text: string) {}

  document(): XmlElement {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.misc();
    if (!this.text.startsWith('<', this.pos) || this.pos >= this.text.length) {
      throw new Problem('expected an xml element', 'the file should hold a libvirt document such as `<cpu>…</cpu>` or `<domain>…</domain>`', this.pos);
    }
    const root = this.element(0);
    this.misc();
    if (this.pos < this.text.length) throw new Problem('unexpected content after the root element', 'an xml document has exactly one root element', this.pos);
    return root;
  }

  /** Whitespace, comments and processing instructions between elements; DTDs are refused. */
  private misc(): void {
    for (;;) {
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text.startsWith('<?', this.pos)) this.skipPast('?>', 'processing instruction');
      else if (this.text.startsWith('<!--', this.pos)) this.skipPast('-->', 'comment');
      else if (this.text.startsWith('<!', this.pos)) throw new Problem('document type declarations are not accepted', 'remove the `<!DOCTYPE …>`: libvirt xml has none, and entities are not expanded', this.pos);
      else return;
    }
  }

  private skipPast(end: string, what: string): string {
    const at = this.text.indexOf(end, this.pos);
    if (at < 0) throw new Problem(`unterminated ${what}`, `close it with \`${end}\``, this.pos);
    const body = this.text.slice(this.pos, at);
    this.pos = at + end.length;
    return body;
  }

  private name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) throw new Problem(`expected ${what}`, 'xml names start with a letter, `_` or `:`', this.pos);
    this.pos += m[0].length;
    return m[0];
  }

  private element(depth: number): XmlElement {
    if (depth >= MAX_DEPTH) throw new Problem(`elements nested deeper than ${MAX_DEPTH}`, 'libvirt documents are shallow: check the file', this.pos);
    if (++this.count > MAX_ELEMENTS) throw new Problem(`more than ${MAX_ELEMENTS} elements`, 'give a smaller document', this.pos);
    const start = this.pos++;
    const el: XmlElement = { name: this.name('an element name'), attrs: new Map(), children: [], text: '', start, end: start };
    if (this.attributes(el)) return el;
    this.content(el, depth);
    return el;
  }

  /** The attributes up to `>` or `/>`; true when the element is empty (`/>`). */
  private attributes(el: XmlElement): boolean {
    for (;;) {
      const space = this.spaces();
      if (this.text.startsWith('/>', this.pos)) return ((this.pos += 2), (el.end = this.pos), true);
      if (this.text.startsWith('>', this.pos)) return ((this.pos += 1), (el.end = this.pos), false);
      if (this.pos >= this.text.length) throw new Problem(`unterminated start tag \`<${el.name}\``, 'close it with `>` or `/>`', el.start);
      if (!space) throw new Problem(`expected whitespace, \`>\` or \`/>\` in \`<${el.name}\``, 'separate attributes with spaces and quote their values', this.pos);
      const start = this.pos;
      const name = this.name('an attribute name');
      this.spaces();
      if (this.text[this.pos] !== '=') throw new Problem(`expected \`=\` after attribute \`${name}\``, "write attributes as `name='value'`", this.pos);
      this.pos++;
      this.spaces();
      const value = this.quoted(name);
      if (el.attrs.has(name)) throw new Problem(`duplicate attribute \`${name}\``, 'give each attribute once', start);
      el.attrs.set(name, { value, start, end: this.pos });
    }
  }

  private spaces(): boolean {
    const from = this.pos;
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
    return this.pos > from;
  }

  private quoted(name: string): string {
    const q = this.text[this.pos];
    if (q !== '"' && q !== "'") throw new Problem(`the value of attribute \`${name}\` must be quoted`, "write attributes as `name='value'`", this.pos);
    const at = this.text.indexOf(q, this.pos + 1);
    if (at < 0) throw new Problem(`unterminated value of attribute \`${name}\``, `close it with \`${q}\``, this.pos);
    const raw = this.text.slice(this.pos + 1, at);
    if (raw.includes('<')) throw new Problem(`\`<\` in the value of attribute \`${name}\``, 'write it as `&lt;`', this.pos + 1 + raw.indexOf('<'));
    const value = this.decode(raw, this.pos + 1);
    this.pos = at + 1;
    return value;
  }

  /** Children and text up to the matching end tag. */
  private content(el: XmlElement, depth: number): void {
    for (;;) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt < 0) throw new Problem(`element \`<${el.name}>\` is not closed`, `add \`</${el.name}>\``, el.start);
      el.text += this.decode(this.text.slice(this.pos, lt), this.pos);
      this.pos = lt;
      if (this.text.startsWith('</', lt)) return this.endTag(el);
      if (this.text.startsWith('<!--', lt)) this.skipPast('-->', 'comment');
      else if (this.text.startsWith('<![CDATA[', lt)) el.text += ((this.pos += 9), this.skipPast(']]>', 'CDATA section'));
      else if (this.text.startsWith('<?', lt)) this.skipPast('?>', 'processing instruction');
      else if (this.text.startsWith('<!', lt)) throw new Problem('document type declarations are not accepted', 'remove it: entities are not expanded', lt);
      else el.children.push(this.element(depth + 1));
    }
  }

  private endTag(el: XmlElement): void {
    const at = this.pos;
    this.pos += 2;
    const name = this.name('an element name');
    this.spaces();
    if (name !== el.name) throw new Problem(`\`</${name}>\` does not close \`<${el.name}>\``, `close \`<${el.name}>\` first with \`</${el.name}>\``, at);
    if (this.text[this.pos] !== '>') throw new Problem(`expected \`>\` to end \`</${name}\``, 'end tags are `</name>`', this.pos);
    this.pos++;
  }

  /** Character data with the predefined entities and character references read. */
  private decode(raw: string, offset: number): string {
    return raw.replace(/&([^;&\s]{0,10});?/g, (whole, ref: string, i: number) => {
      const value = whole.endsWith(';') ? resolve(ref) : undefined;
      if (value === undefined) {
        throw new Problem(`unknown or unterminated entity \`${whole}\``, 'only `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#N;` are read; write `&` as `&amp;`', offset + i);
      }
      return value;
    });
  }
}

function resolve(ref: string): string | undefined {
  if (Object.hasOwn(ENTITIES, ref)) return ENTITIES[ref];
  const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
  if (!m) return undefined;
  const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : undefined;
}
