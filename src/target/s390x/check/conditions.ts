import { error, type Diagnostic, type Span } from '../../../diag/diagnostic.js';
import { didYouMean } from '../../../util/fuzzy.js';
import type { RuleSetAst } from '../parse/ast.js';
import type { LeafSpans } from '../parse/condition.js';
import { duplicateName, resolve, type Namespaces } from './names.js';
import { CONDITION_OPERATORS, ENVIRONMENT_FACTS, FACT_VALUES } from './vocabulary.js';

export { CONDITION_OPERATORS, ENVIRONMENT_FACTS } from './vocabulary.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The leaves' spans, handed out in the order the walk meets them; the `when` span when unknown. */
class LeafCursor {
  private next = 0;
  constructor(private readonly leaves: readonly LeafSpans[], readonly span: Span) {}
  take(): LeafSpans { return this.leaves[this.next++] ?? { span: this.span }; }
}

/**
 * A condition is {all: [...]}, {any: [...]}, {not: condition} or a leaf
 * {fact, operator, value}. Problems are reported at the leaf's fact,
 * operator or value (at the rule's `when` for a malformed tree).
 */
export function checkCondition(tree: unknown, span: Span, diags: Diagnostic[], leaves: readonly LeafSpans[] = []): void {
  walk(tree, new LeafCursor(leaves, span), diags);
}

function walk(tree: unknown, at: LeafCursor, diags: Diagnostic[]): void {
  if (!isObject(tree)) {
    diags.push(error('check/bad-condition', 'a condition must be a mapping: `all`, `any`, `not` or a fact test', at.span));
    return;
  }
  if ('all' in tree || 'any' in tree) {
    const list = tree.all ?? tree.any;
    if (!Array.isArray(list)) diags.push(error('check/bad-condition', '`all` and `any` take a list of conditions', at.span));
    else list.forEach((c) => walk(c, at, diags));
    return;
  }
  if ('not' in tree) return walk(tree.not, at, diags);
  checkLeaf(tree, at.take(), diags);
}

function known(what: string, value: unknown, allowed: readonly string[]): string | undefined {
  return didYouMean(String(value), allowed) ?? `known ${what}: ${allowed.join(', ')}`;
}

function checkLeaf(leaf: Record<string, unknown>, spans: LeafSpans, diags: Diagnostic[]): void {
  const { fact, operator } = leaf;
  const factKnown = typeof fact === 'string' && (ENVIRONMENT_FACTS as readonly string[]).includes(fact);
  if (!factKnown) {
    diags.push(error('check/unknown-fact', `unknown environment fact \`${String(fact)}\``, spans.fact ?? spans.span, known('facts', fact, ENVIRONMENT_FACTS)));
  }
  if (typeof operator !== 'string' || !(CONDITION_OPERATORS as readonly string[]).includes(operator)) {
    diags.push(error('check/unknown-operator', `unknown condition operator \`${String(operator)}\``, spans.operator ?? spans.span,
      known('operators', operator, CONDITION_OPERATORS)));
  }
  if (!('value' in leaf)) diags.push(error('check/bad-condition', `the test of \`${String(fact)}\` has no \`value\``, spans.span,
    'give the value to compare the fact with, e.g. `value: true`'));
  else if (factKnown) checkValue(fact as keyof typeof FACT_VALUES, leaf.value, spans, diags);
}

/** A test of a fact with a closed vocabulary (layers, capabilities, …) names values of it. */
function checkValue(fact: keyof typeof FACT_VALUES, value: unknown, spans: LeafSpans, diags: Diagnostic[]): void {
  const allowed = FACT_VALUES[fact];
  if (!allowed) return;
  for (const v of Array.isArray(value) ? value : [value]) {
    if (typeof v === 'string' && allowed.includes(v)) continue;
    diags.push(error('check/unknown-fact-value', `\`${String(v)}\` is not a value of the environment fact \`${fact}\``, spans.value ?? spans.span,
      known(`values of \`${fact}\``, v, allowed)));
  }
}

/** Environment rules: unique ids, well-formed conditions, known feature and group names. */
export function checkEnvironmentRules(ast: RuleSetAst, ns: Namespaces, diags: Diagnostic[]): void {
  const ids = new Map<string, Span>();
  for (const rule of ast.envRules) {
    const first = ids.get(rule.id.value);
    if (first) diags.push(duplicateName('environment rule', rule.id.value, rule.id.span, first));
    else ids.set(rule.id.value, rule.id.span);
    checkCondition(rule.when.tree, rule.when.span, diags, rule.when.leaves);
    for (const n of [...rule.available, ...rule.unavailable, ...rule.requires]) resolve(diags, n, 'feature or group', ns.features, ns.groups);
  }
}
