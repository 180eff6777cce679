import { error, type Diagnostic, type Span } from '../../../diag/diagnostic.js';
import { didYouMean } from '../../../util/fuzzy.js';
import type { RuleSetAst } from '../parse/ast.js';
import { resolve, type Namespaces } from './names.js';

/** The facts an environment provides to rule conditions. */
export const ENVIRONMENT_FACTS = ['accelerator', 'qemu', 'generation', 'cpacf', 'nested', 'hypervisor', 'layers', 'kernel', 'capabilities', 'features'] as const;

/** json-rules-engine's operators plus cpumodel's version comparisons. */
export const CONDITION_OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'contains', 'doesNotContain', 'versionAtLeast', 'versionBelow',
] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A condition is {all: [...]}, {any: [...]}, {not: condition} or a leaf
 * {fact, operator, value}. Problems are reported at the rule's `when`.
 */
export function checkCondition(tree: unknown, span: Span, diags: Diagnostic[]): void {
  if (!isObject(tree)) {
    diags.push(error('check/bad-condition', 'a condition must be a mapping: `all`, `any`, `not` or a fact test', span));
    return;
  }
  if ('all' in tree || 'any' in tree) {
    const list = tree.all ?? tree.any;
    if (!Array.isArray(list)) diags.push(error('check/bad-condition', '`all` and `any` take a list of conditions', span));
    else list.forEach((c) => checkCondition(c, span, diags));
    return;
  }
  if ('not' in tree) return checkCondition(tree.not, span, diags);
  checkLeaf(tree, span, diags);
}

function checkLeaf(leaf: Record<string, unknown>, span: Span, diags: Diagnostic[]): void {
  const { fact, operator } = leaf;
  if (typeof fact !== 'string' || !(ENVIRONMENT_FACTS as readonly string[]).includes(fact)) {
    diags.push(error('check/unknown-fact', `unknown environment fact \`${String(fact)}\``, span,
      didYouMean(String(fact), ENVIRONMENT_FACTS) ?? `known facts: ${ENVIRONMENT_FACTS.join(', ')}`));
  }
  if (typeof operator !== 'string' || !(CONDITION_OPERATORS as readonly string[]).includes(operator)) {
    diags.push(error('check/unknown-operator', `unknown condition operator \`${String(operator)}\``, span,
      didYouMean(String(operator), CONDITION_OPERATORS) ?? `known operators: ${CONDITION_OPERATORS.join(', ')}`));
  }
  if (!('value' in leaf)) diags.push(error('check/bad-condition', `the test of \`${String(fact)}\` has no \`value\``, span));
}

/** Environment rules: unique ids, well-formed conditions, known feature and group names. */
export function checkEnvironmentRules(ast: RuleSetAst, ns: Namespaces, diags: Diagnostic[]): void {
  const ids = new Set<string>();
  for (const rule of ast.envRules) {
    if (ids.has(rule.id.value)) diags.push(error('check/duplicate-name', `environment rule \`${rule.id.value}\` is declared twice`, rule.id.span));
    ids.add(rule.id.value);
    checkCondition(rule.when.tree, rule.when.span, diags);
    for (const n of [...rule.available, ...rule.unavailable]) resolve(diags, n, 'feature or group', ns.features, ns.groups);
  }
}
