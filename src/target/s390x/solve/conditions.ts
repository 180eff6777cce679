import { Engine as RulesEngine } from 'json-rules-engine';
import type { EnvRuleIR } from '../compile/ir.js';
import { compareVersions } from '../../../util/version.js';

/**
 * Which environment rules hold for the given facts. json-rules-engine
 * evaluates the condition trees; it runs once per environment, never in a
 * query, and nothing else in cpumodel sees it.
 */
export async function firedRules(rules: readonly EnvRuleIR[], facts: Readonly<Record<string, unknown>>): Promise<Set<string>> {
  const engine = new RulesEngine([], { allowUndefinedFacts: true });
  engine.addOperator('versionAtLeast', (a: unknown, b: unknown) => typeof a === 'string' && compareVersions(a, String(b)) >= 0);
  engine.addOperator('versionBelow', (a: unknown, b: unknown) => typeof a === 'string' && compareVersions(a, String(b)) < 0);
  for (const rule of rules) {
    engine.addRule({ name: rule.id, conditions: rule.condition as never, event: { type: rule.id } });
  }
  const { events } = await engine.run({ ...facts });
  return new Set(events.map((e) => e.type));
}
