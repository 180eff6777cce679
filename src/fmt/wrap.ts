import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';

/**
 * Author line breaks in a long flow collection are kept (as gofmt keeps
 * them in composite literals): `key: [a, b,` / `  c, d]`, also inside flow
 * mappings (`- {features: [a, b,` / `    c]}`) and between the pairs of a
 * flow mapping. A break can only follow an item's comma; continuation
 * lines are indented two spaces past the line's key or dash.
 */
export interface Breaks {
  path: (string | number)[];
  /** Item indices followed by a line break. */
  after: number[];
}

/** The source range of a list item or a mapping's pair. */
function rangeOf(item: unknown): [number, number] | undefined {
  if (isPair(item)) {
    const pair = item as Pair<Node | null, Node | null>;
    const [start, end] = [pair.key?.range?.[0], (pair.value ?? pair.key)?.range?.[1]];
    return start !== undefined && end !== undefined ? [start, end] : undefined;
  }
  const r = (item as Node | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

const keyOf = (pair: Pair): string => (isScalar(pair.key) ? String(pair.key.value) : '');

/** Item indices of a flow collection followed by a newline in the source. */
function breaksIn(items: readonly unknown[], source: string): number[] {
  return items.slice(0, -1).flatMap((item, i) => {
    const [a, b] = [rangeOf(item), rangeOf(items[i + 1])];
    return a && b && source.slice(a[1], b[0]).includes('\n') ? [i] : [];
  });
}

/** The broken flow collections of a parsed source, by path. */
export function collectBreaks(doc: Document, source: string): Breaks[] {
  const out: Breaks[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (!isMap(node) && !isSeq(node)) return;
    const items = node.items as unknown[];
    if (node.flow) {
      const after = breaksIn(items, source);
      if (after.length > 0 && !source.slice(...rangeOf(node)!).includes('#')) out.push({ path, after });
    }
    if (isMap(node)) for (const pair of node.items) walk(pair.value, [...path, keyOf(pair)]);
    else items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(doc.contents, []);
  return out;
}

/** Put the breaks back into formatted text (where the collection is still one line). */
export function restoreBreaks(text: string, breaks: readonly Breaks[]): string {
  if (breaks.length === 0) return text;
  const doc = parseDocument(text);
  const edits: [number, number, string][] = [];
  for (const b of breaks) {
    const node = doc.getIn(b.path, true);
    if ((!isSeq(node) && !isMap(node)) || !node.range || text.slice(node.range[0], node.range[1]).includes('\n')) continue;
    const lineStart = text.lastIndexOf('\n', node.range[0]) + 1;
    const indent = ' '.repeat(/^[ ]*(?:- )*/.exec(text.slice(lineStart))![0].length + 2); // the key's column + 2
    for (const i of b.after) {
      const [item, next] = [rangeOf(node.items[i]), rangeOf(node.items[i + 1])];
      if (item && next) edits.push([item[1], next[0], `,\n${indent}`]);
    }
  }
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + replacement + text.slice(end);
  return text;
}
