import type { RuleRef } from '../compile/ir.js';

/**
 * An explanation is data: a claim, the rule that makes it true (id and
 * file:line:col), and the premises it rests on. Renderers turn it into an
 * indented tree or JSON.
 */
export interface Because {
  claim: string;
  rule?: { id: string; at: string };
  premises?: Because[];
}

export function at(rule: RuleRef): { id: string; at: string } {
  return { id: rule.id, at: `${rule.span.file}:${rule.span.line}:${rule.span.col}` };
}

export function because(claim: string, rule?: RuleRef, premises?: Because[]): Because {
  const node: Because = { claim };
  if (rule) node.rule = at(rule);
  if (premises && premises.length > 0) node.premises = premises;
  return node;
}

/** Every rule an explanation cites, depth first. */
export function citedRules(b: Because): string[] {
  return [...(b.rule ? [b.rule.id] : []), ...(b.premises ?? []).flatMap(citedRules)];
}
