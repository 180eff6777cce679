import { isSeq, type Node } from 'yaml';
import type { FileReader } from '../../../parse/reader.js';
import type { ClearDecl } from '../ast.js';
import { bitList, each, versioned, VERSIONED, type SectionReader } from './read.js';

/** `clear: [features…]` or `clear: {word, bits?}`. */
function clear(r: FileReader, node: Node): ClearDecl | undefined {
  if (isSeq(node)) return { kind: 'features', features: r.names(node, 'clear') };
  const f = r.fields(node, '`clear`', ['word', 'bits'], ['word']);
  const word = r.str(f?.get('word'), 'word');
  if (!f || !word) return undefined;
  return f.has('bits') ? { kind: 'bits', word, bits: bitList(r, f.get('bits'), 'bits'), span: r.span(node) }
    : { kind: 'bits', word, span: r.span(node) };
}

export const dependencies: SectionReader = (r, node, ast) =>
  each(r, node, 'dependencies', ['id', 'if_none', 'clear', ...VERSIONED], ['id', 'if_none', 'clear'], (f, item) => {
    const id = r.str(f.get('id'), 'id');
    const ifNone = r.names(f.get('if_none'), 'if_none');
    const c = f.has('clear') ? clear(r, f.get('clear')!) : undefined;
    if (id && c) ast.dependencies.push({ id, ifNone, clear: c, ...versioned(r, f), span: r.span(item) });
  });
