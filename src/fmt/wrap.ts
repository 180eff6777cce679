import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

/**
 * Author line breaks in a long list of names are kept (as gofmt keeps them
 * in composite literals): `key: [a, b,` / `  c, d]`. A break can only follow
 * an item's comma; continuation lines are indented two spaces past the
 * key. Lists inside flow mappings, or with comments, get no breaks.
 */
export interface Breaks {
  path: (string | number)[];
  /** Item indices followed by a line break. */
  after: number[];
}

/** The broken flow lists of a parsed source, by path. */
export function collectBreaks(doc: Document, source: string): Breaks[] {
  const out: Breaks[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) walk(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '']);
    } else if (isSeq(node) && !node.flow) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isSeq(node) && node.items.every(isScalar)) {
      const items = node.items as Node[];
      const after = items.slice(0, -1).flatMap((item, i) => (source.slice(item.range![1], items[i + 1]!.range![0]).includes('\n') ? [i] : []));
      if (after.length > 0) out.push({ path, after });
    }
  };
  walk(doc.contents, []);
  return out;
}

/** Put the breaks back into formatted text (where the list is still one line). */
export function restoreBreaks(text: string, breaks: readonly Breaks[]): string {
  if (breaks.length === 0) return text;
  const doc = parseDocument(text);
  const edits: [number, number, string][] = [];
  for (const b of breaks) {
    const seq = doc.getIn(b.path, true);
    if (!isSeq(seq) || !seq.range || text.slice(seq.range[0], seq.range[1]).includes('\n')) continue;
    const lineStart = text.lastIndexOf('\n', seq.range[0]) + 1;
    const indent = ' '.repeat(/^[ ]*(?:- )*/.exec(text.slice(lineStart))![0].length + 2); // the key's column + 2
    for (const i of b.after) {
      const [item, next] = [seq.items[i] as Node | undefined, seq.items[i + 1] as Node | undefined];
      if (item?.range && next?.range) edits.push([item.range[1], next.range[0], `,\n${indent}`]);
    }
  }
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + replacement + text.slice(end);
  return text;
}
