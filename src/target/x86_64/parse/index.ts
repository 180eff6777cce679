import type { Diagnostic } from '../../../diag/diagnostic.js';
import type { SourceText } from '../../../load/load.js';
import { FileReader } from '../../../parse/reader.js';
import { emptyX86Ast, type X86Ast } from '../ast.js';
import { X86_SECTIONS } from './sections.js';

export { X86_SECTIONS } from './sections.js';

/**
 * Parse x86_64 rule files into one AST with spans. Every shape problem is a
 * diagnostic (an unknown top-level key gets a did-you-mean); nothing throws.
 */
export function parseX86(sources: readonly SourceText[]): { ast: X86Ast; diagnostics: Diagnostic[] } {
  const ast = emptyX86Ast();
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    const r = new FileReader(source.name, source.text);
    r.outline(ast.outline);
    if (r.root !== null) {
      const top = r.fields(r.root, 'an x86_64 rule file', Object.keys(X86_SECTIONS));
      for (const [key, node] of top ?? []) X86_SECTIONS[key]!(r, node, ast);
    }
    diagnostics.push(...r.diags);
  }
  return { ast, diagnostics };
}
