import type { Span } from '../diag/diagnostic.js';

/** A rule as explanations cite it: its stable id and where it is written. */
export interface RuleRef {
  id: string;
  span: Span;
}

/**
 * An explanation is data: a claim, the rule that makes it true (id and
 * file:line:col), and the premises it rests on. Renderers turn it into an
 * indented tree or JSON.
 */
export interface Because {
  claim: string;
  rule?: { id: string; at: string };
  /** The claim in checkable form, so tests can re-derive the answer from the cited rules. */
  fact?: Fact;
  premises?: Because[];
}

export type Fact =
  | { kind: 'feature'; feature: string; value: boolean }
  | { kind: 'prop'; key: string; value: boolean }
  | { kind: 'starts-from'; model: string; set: string; level: string }
  | { kind: 'added'; feature: string; level: string; list: string }
  | { kind: 'removed'; feature: string; level: string; list: string }
  | { kind: 'not-added'; feature: string; set: string; level: string }
  | { kind: 'not-in-full'; feature: string; definition: string }
  | { kind: 'in-qemu-list'; feature: string; list: string; value: boolean }
  /** A machine type switches the feature off in default sets from GEN<gen>_GA<ga> on. */
  | { kind: 'featoff'; feature: string; machine: string; gen: number; ga: number }
  | { kind: 'only-in'; side: 'A' | 'B'; prop: string }
  | { kind: 'verdict'; result: string; generation: string; features: string }
  | { kind: 'search-stop'; definition: string; missing: string[] }
  | { kind: 'baseline'; definition: string }
  | { kind: 'dropped'; prop: string; reason: 'other-side' | 'not-in-full' }
  | { kind: 'requires'; feature: string; requires: string }
  | { kind: 'unavailable'; prop: string }
  | { kind: 'host'; feature: string; value: boolean; cause: 'hardware' | 'rule' | 'offer' | 'outside-definition'; rule?: string }
  /** A fact test that decided an environment rule: it held, or (negated, under a `not`) it failed. */
  | { kind: 'condition'; fact: string; operator: string; value: unknown; negated: boolean; here: unknown };

/** A rule as cited: made once per rule and frozen (explanations cite the same rules many times; nothing may change a citation). */
export function at(rule: RuleRef): { readonly id: string; readonly at: string } {
  let cited = citations.get(rule);
  if (!cited) citations.set(rule, (cited = Object.freeze({ id: rule.id, at: `${rule.span.file}:${rule.span.line}:${rule.span.col}` })));
  return cited;
}

const citations = new WeakMap<RuleRef, { readonly id: string; readonly at: string }>();

export function because(claim: string, rule?: RuleRef, premises?: Because[], fact?: Fact): Because {
  const node: Because = { claim };
  if (rule) node.rule = at(rule);
  if (fact) node.fact = fact;
  if (premises && premises.length > 0) node.premises = premises;
  return node;
}

/** Every rule an explanation cites, depth first, each once. */
export function citedRules(b: Because): string[] {
  return [...new Set([...(b.rule ? [b.rule.id] : []), ...(b.premises ?? []).flatMap(citedRules)])];
}
