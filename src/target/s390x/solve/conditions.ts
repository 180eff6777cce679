import { Engine as RulesEngine } from 'json-rules-engine';
import type { EnvRuleIR } from '../compile/ir.js';
import { compareVersions } from '../../../util/version.js';

/** One fact test that decided a rule's outcome: it held (or, under a `not`, failed) for these facts. */
export interface DecidingTest {
  fact: string;
  operator: string;
  value: unknown;
  /** The test is under a `not`: it decided by failing. */
  negated: boolean;
  /** The fact's value in the environment. */
  here: unknown;
}

export interface Firing {
  fired: Set<string>;
  /** Per fired rule, the tests that decided it: every branch of an `all`, only the true branches of an `any`. */
  deciding: Map<string, DecidingTest[]>;
}

type Node = Record<string, unknown>;

/** Whether an evaluated condition node held (json-rules-engine marks the leaves). */
function held(node: Node): boolean {
  if (Array.isArray(node.all)) return (node.all as Node[]).every(held);
  if (Array.isArray(node.any)) return (node.any as Node[]).some(held);
  if (node.not) return !held(node.not as Node);
  return node.result === true;
}

/**
 * The tests that make `node` come out `wanted`: for `all` true every
 * branch, for `any` true only the true branches (false: the reverse), for
 * `not` the negated test.
 */
function decidingTests(node: Node, wanted: boolean, negated: boolean, out: DecidingTest[]): DecidingTest[] {
  const both = (list: Node[], every: boolean) =>
    list.filter((c) => every || held(c) === wanted).forEach((c) => decidingTests(c, wanted, negated, out));
  if (Array.isArray(node.all)) both(node.all as Node[], wanted);
  else if (Array.isArray(node.any)) both(node.any as Node[], !wanted);
  else if (node.not) decidingTests(node.not as Node, !wanted, !negated, out);
  else out.push({ fact: String(node.fact), operator: String(node.operator), value: node.value, negated, here: node.factResult });
  return out;
}

/**
 * Which environment rules hold for the given facts, and the tests that
 * decided each. json-rules-engine evaluates the condition trees; it runs
 * once per environment, never in a query, and nothing else in cpumodel sees it.
 */
export async function firedRules(rules: readonly EnvRuleIR[], facts: Readonly<Record<string, unknown>>): Promise<Firing> {
  const engine = new RulesEngine([], { allowUndefinedFacts: true });
  engine.addOperator('versionAtLeast', (a: unknown, b: unknown) => typeof a === 'string' && compareVersions(a, String(b)) >= 0);
  engine.addOperator('versionBelow', (a: unknown, b: unknown) => typeof a === 'string' && compareVersions(a, String(b)) < 0);
  for (const rule of rules) {
    engine.addRule({ name: rule.id, conditions: rule.condition as never, event: { type: rule.id } });
  }
  const { events, results } = await engine.run({ ...facts });
  const deciding = new Map<string, DecidingTest[]>();
  for (const r of results) {
    if (r.result !== true) continue;
    const tree = (r.toJSON(false) as unknown as { conditions: Node }).conditions;
    deciding.set(String(r.name), decidingTests(tree, true, false, []));
  }
  return { fired: new Set(events.map((e) => e.type)), deciding };
}
