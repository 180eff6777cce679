import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Span } from '../../../diag/diagnostic.js';
import type { FileReader } from '../../../parse/reader.js';

/** Where one leaf test of a condition was written: the test, and its fact, operator and value. */
export interface LeafSpans {
  span: Span;
  fact?: Span;
  operator?: Span;
  value?: Span;
}

/**
 * The spans of a condition tree's leaves, in the order a depth-first walk
 * of `all` / `any` / `not` meets them (the order the checker walks the tree).
 */
export function leafSpans(r: FileReader, node: Node | null | undefined): LeafSpans[] {
  if (!isMap(node)) return [];
  const value = (key: string) => node.items.find((p) => isScalar(p.key) && p.key.value === key)?.value as Node | undefined;
  const list = value('all') ?? value('any');
  if (list !== undefined) return isSeq(list) ? list.items.flatMap((n) => leafSpans(r, n as Node)) : [];
  const not = value('not');
  if (not !== undefined) return leafSpans(r, not);
  const at = (key: string) => { const n = value(key); return n ? r.span(n) : undefined; };
  return [{ span: r.span(node), fact: at('fact'), operator: at('operator'), value: at('value') }];
}
