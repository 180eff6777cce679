import type { RuleRef } from '../target/s390x/compile/ir.js';
import type { Span } from '../diag/diagnostic.js';
import type { RuleSetAst, Versioned } from '../target/s390x/parse/ast.js';
import type { RuleCite } from './types.js';

/** Every versioned rule of an AST (any array of entries with spans). */
function versionedRules(ast: RuleSetAst): Versioned[] {
  return Object.values(ast).filter(Array.isArray).flat()
    .filter((v): v is Versioned => typeof v === 'object' && v !== null && 'span' in v);
}

const inside = (inner: Span, outer: Span) => inner.file === outer.file && outer.start <= inner.start && inner.end <= outer.end;

/** `since X` / `until Y` of the rule entry that contains the span, if it has one. */
export function versionNote(ast: RuleSetAst, span: Span): string | undefined {
  const rule = versionedRules(ast).find((r) => inside(span, r.span) && (r.since || r.until));
  if (!rule) return undefined;
  return [rule.since && `since ${rule.since.value}`, rule.until && `until ${rule.until.value}`].filter(Boolean).join(', ');
}

export const at = (span: Span): string => `${span.file}:${span.line}:${span.col}`;

/** A rule reference as cited in a report, with its version note. */
export function cite(ast: RuleSetAst, rule: RuleRef, extra?: string): RuleCite {
  const note = [versionNote(ast, rule.span), extra].filter(Boolean).join('; ');
  return note ? { id: rule.id, at: at(rule.span), note } : { id: rule.id, at: at(rule.span) };
}

/** `id at file:line:col (note)`. */
export function citeText(c: RuleCite): string {
  return `${c.id} at ${c.at}${c.note ? ` (${c.note})` : ''}`;
}
