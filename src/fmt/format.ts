import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, Scalar, type Document, type Pair, type ParseOptions, type DocumentOptions, type SchemaOptions, type ScalarTag, type Tags, type YAMLMap } from 'yaml';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import type { Layout } from './layout.js';
import { collectBreaks, restoreBreaks } from './wrap.js';
import { own } from '../util/own.js';
import { describeYamlErrors } from '../parse/yaml-error.js';

/**
 * `cpumodel fmt`: one canonical layout for rule files (src/fmt/layout.ts),
 * comments and blank lines kept (the `yaml` Document API), idempotent. The
 * result is re-parsed and must hold the same data and the same comments,
 * else nothing is returned but a diagnostic.
 */
export type FormatResult = { text: string } | { diagnostics: Diagnostic[] };

/** Hex digits per scalar, read by the hex tag below (set while applying the layout). */
const HEX_DIGITS = new WeakMap<object, number>();

const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  customTags: (tags) => tags.map((t) => (isHexInt(t) ? { ...t, stringify: padHex } : t)),
};

function isHexInt(t: Tags[number]): t is ScalarTag {
  return typeof t === 'object' && !('collection' in t && t.collection) && t.tag === 'tag:yaml.org,2002:int' && (t as ScalarTag).format === 'HEX';
}

function padHex(node: Scalar): string {
  return `0x${Number(node.value).toString(16).padStart(HEX_DIGITS.get(node) ?? 1, '0')}`;
}

export function formatYaml(text: string, layout: Layout, file = '<input>'): FormatResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...OPTIONS, lineCounter: lines });
  if (doc.errors.length > 0) {
    return { diagnostics: describeYamlErrors(doc.errors, text).map((problem) => {
      const { line, col } = lines.linePos(problem.start);
      return error('fmt/yaml-syntax', problem.message, { file, line, col, start: problem.start, end: problem.end },
        'fmt does not touch a file with YAML errors');
    }) };
  }
  const breaks = collectBreaks(doc, text);
  apply(doc.contents, layout);
  if (doc.contents === null) return { text }; // comments only: nothing to lay out
  const out = restoreBreaks(stringify(doc), breaks);
  const lost = lossCheck(text, out);
  return lost ? { diagnostics: [error('fmt/would-lose-data', `formatting would change ${lost}`, { file, line: 1, col: 1, start: 0, end: 0 },
    'the file is left as it is; please report this as a bug')] } : { text: out };
}

function stringify(doc: Document): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false, indent: 2, indentSeq: true });
}

/** `item`: a list entry, whose leading comment sits above its dash and stays there. */
function apply(node: unknown, layout: Layout | undefined, item = false): void {
  if (!layout) return;
  if (isMap(node)) {
    if (!item && !node.flow) keyComment(node);
    if (layout.style && layout.style !== 'keep') node.flow = layout.style === 'flow';
    if (layout.order) sortPairs(node.items as Pair[], layout.order);
    for (const pair of node.items) {
      if (isScalar(pair.key)) scalar(pair.key, 'plain');
      apply(pair.value, layout.keys && own(layout.keys, isScalar(pair.key) ? String(pair.key.value) : ''));
    }
  } else if (isSeq(node)) {
    if (layout.style && layout.style !== 'keep') node.flow = layout.style === 'flow';
    for (const entry of node.items) apply(entry, layout.items, true);
  } else if (isScalar(node) && layout.scalar) {
    scalar(node, layout.scalar);
  }
}

/** A comment above the first key of a block mapping belongs to that key: it moves with it. */
function keyComment(map: YAMLMap): void {
  const first = map.items[0]?.key;
  if (!map.commentBefore || !isScalar(first)) return;
  first.commentBefore = first.commentBefore ? `${map.commentBefore}\n${first.commentBefore}` : map.commentBefore;
  map.commentBefore = undefined;
}

/** Stable: listed keys in their order, then the others as written. */
function sortPairs(pairs: Pair[], order: readonly string[]): void {
  const rank = (p: Pair) => {
    const i = order.indexOf(isScalar(p.key) ? String(p.key.value) : '');
    return i < 0 ? order.length : i;
  };
  pairs.sort((a, b) => rank(a) - rank(b));
}

/** Only the spelling changes, never the value or its type. */
function scalar(node: Scalar, kind: NonNullable<Layout['scalar']>): void {
  const v = node.value;
  if (typeof v === 'string' && (kind === 'quoted' || kind === 'plain')) node.type = kind === 'quoted' ? Scalar.QUOTE_DOUBLE : Scalar.PLAIN;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return;
  if (kind === 'decimal') node.format = undefined;
  if (typeof kind === 'object') {
    node.format = 'HEX';
    HEX_DIGITS.set(node, kind.hex);
  }
}

/** What the output lost or changed: the data, or a comment; null when nothing. */
function lossCheck(before: string, after: string): string | null {
  const data = (text: string) => JSON.stringify(plain(parseDocument(text, OPTIONS).contents));
  if (data(before) !== data(after)) return 'the data';
  return comments(before).join('\n') === comments(after).join('\n') ? null : 'a comment';
}

/**
 * The data of a node as written: mappings as entry lists sorted by key (key
 * order is layout, not data), anchors and aliases by name, never expanded
 * (a file of nested aliases expands exponentially; formatting keeps them as
 * they are, so comparing them unexpanded is exact). Linear in the file.
 */
function plain(node: unknown): unknown {
  const anchor = (node as { anchor?: string } | null)?.anchor;
  const value = plainValue(node);
  return anchor ? { anchor, value } : value;
}

function plainValue(node: unknown): unknown {
  if (isAlias(node)) return { alias: node.source };
  if (isSeq(node)) return node.items.map(plain);
  if (isMap(node)) {
    const entries = node.items.map((p) => [JSON.stringify(plain(p.key)), plain(p.value)] as const);
    return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  if (isScalar(node)) return { tag: node.tag ?? null, value: typeof node.value === 'bigint' ? `${node.value}n` : node.value };
  return node ?? null;
}

/** Every comment's text, sorted (formatting may move a comment, never drop or edit it). */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith('#')) out.push(token.trimEnd());
  return out.sort();
}
