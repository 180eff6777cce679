/**
 * libvirt's XML documents (capabilities, domain capabilities, its QEMU
 * capability cache) for host import: the one bounded XML reader
 * (src/util/xml.ts: no DTD, no entity expansion, depth and size capped),
 * with every element and attribute placed as a span of the file.
 */
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { parseXml as parseBounded, type XmlElement as BoundedElement } from '../util/xml.js';
import { TextPositions } from './text.js';

export interface XmlAttr { value: string; span: Span }

export interface XmlElement {
  name: string;
  attrs: Map<string, XmlAttr>;
  children: XmlElement[];
  /** The element's own text (child elements' text not included), entities decoded. */
  text: string;
  span: Span;
}

/** An attribute's span is its value's (inside the quotes): what a diagnostic about the value points at. */
function valueSpan(a: { start: number; end: number }, pos: TextPositions): Span {
  const quote = pos.text.slice(a.start, a.end).search(/=\s*["']/);
  const from = quote < 0 ? a.start : pos.text.indexOf(pos.text[a.end - 1]!, a.start + quote) + 1;
  return pos.span(from, a.end - 1);
}

function placed(el: BoundedElement, pos: TextPositions): XmlElement {
  const attrs = new Map([...el.attrs].map(([k, a]) => [k, { value: a.value, span: valueSpan(a, pos) }]));
  return { name: el.name, attrs, children: el.children.map((c) => placed(c, pos)), text: el.text, span: pos.span(el.start, el.end) };
}

/** Parse a document: its root element, or one diagnostic at the first problem. */
export function parseXml(file: string, text: string): { root: XmlElement } | { diagnostics: Diagnostic[] } {
  const pos = new TextPositions(file, text);
  const r = parseBounded(text);
  if ('root' in r) return { root: placed(r.root, pos) };
  const { offset, message, help } = r.problem;
  return { diagnostics: [error('import/bad-xml', message, pos.span(offset, Math.min(offset + 1, text.length)), help)] };
}

/** Child elements by name. */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
export const childNamed = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
