import type { Span } from '../diag/diagnostic.js';
import type { Versioned } from '../parse/located.js';
import type { RuleCite } from './types.js';

const isEntry = (v: unknown): v is Versioned & Record<string, unknown> => typeof v === 'object' && v !== null && 'span' in v;

/** Every rule entry of an AST: entries of its lists and the entries nested in their lists (a definition's versions). */
function versionedRules(ast: unknown): Versioned[] {
  const out: Versioned[] = [];
  const visit = (list: unknown[]) => {
    for (const v of list.filter(isEntry)) {
      out.push(v);
      for (const inner of Object.values(v)) if (Array.isArray(inner)) visit(inner);
    }
  };
  visit(Object.values(ast as Record<string, unknown>).filter(Array.isArray).flat());
  return out;
}

const inside = (inner: Span, outer: Span) => inner.file === outer.file && outer.start <= inner.start && inner.end <= outer.end;

/** `since X` / `until Y` of the rule entry that contains the span, if it has one. */
export function versionNote(ast: unknown, span: Span): string | undefined {
  const rule = versionedRules(ast).filter((r) => inside(span, r.span) && (r.since || r.until)).at(-1);
  if (!rule) return undefined;
  return [rule.since && `since ${rule.since.value}`, rule.until && `until ${rule.until.value}`].filter(Boolean).join(', ');
}

export const at = (span: Span): string => `${span.file}:${span.line}:${span.col}`;

/** A rule reference as cited in a report, with its version note. */
export function cite(ast: unknown, rule: { id: string; span: Span }, extra?: string): RuleCite {
  const note = [versionNote(ast, rule.span), extra].filter(Boolean).join('; ');
  return note ? { id: rule.id, at: at(rule.span), note } : { id: rule.id, at: at(rule.span) };
}

/** `id at file:line:col (note)`. */
export function citeText(c: RuleCite): string {
  return `${c.id} at ${c.at}${c.note ? ` (${c.note})` : ''}`;
}
