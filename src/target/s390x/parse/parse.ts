import type { Diagnostic } from '../../../diag/diagnostic.js';
import type { SourceText } from '../../../load/load.js';
import { emptyAst, type RuleSetAst } from './ast.js';
import { FileReader } from '../../../parse/reader.js';
import { SECTIONS } from './sections.js';

export interface ParseResult {
  ast: RuleSetAst;
  diagnostics: Diagnostic[];
}

/** Parse every rule file into one AST; sections may be spread over files. */
export function parseSources(sources: readonly SourceText[]): ParseResult {
  const ast = emptyAst();
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    const r = new FileReader(source.name, source.text);
    r.outline(ast.outline);
    if (r.root !== null) {
      const top = r.fields(r.root, 'a rule file', Object.keys(SECTIONS));
      for (const [key, node] of top ?? []) SECTIONS[key]!(r, node, ast);
    }
    diagnostics.push(...r.diags);
  }
  return { ast, diagnostics };
}
