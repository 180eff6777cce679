import type { EnvRuleIR } from '../../compile/ir.js';
import { dnf, implies } from './condition-logic.js';
import { quote, type Finding, type ProfileRun } from './context.js';

const effectWithin = (a: EnvRuleIR, b: EnvRuleIR) => b.available.containsAll(a.available) && b.unavailable.containsAll(a.unavailable);
const hasEffect = (r: EnvRuleIR) => !r.available.isEmpty() || !r.unavailable.isEmpty();

/**
 * Environment rules: `check/duplicate-rule` when a later rule has the same
 * condition and the same effect as an earlier one; `check/shadowed-rule`
 * when a rule's effect is part of another rule's whose condition holds
 * whenever its own does (same or weaker), so it never changes a host model.
 * Rules without an effect in a profile are skipped there.
 */
export function redundantEnvironmentRules(run: ProfileRun): Finding[] {
  const rules = run.rules.envRules.filter(hasEffect);
  const forms = new Map(rules.map((r) => [r, dnf(r.condition)] as const));
  return rules.flatMap((a, i): Finding[] => {
    const twin = rules.slice(0, i).find((b) => equivalent(a, b, forms));
    if (twin) return [finding('check/duplicate-rule', a, `environment rule ${quote(a.id)} repeats ${quote(twin.id)}: same condition, same effect`, 'remove one of the two')];
    const by = rules.find((b) => b !== a && effectWithin(a, b) && implies(forms.get(a)!, forms.get(b)!) && !equivalent(b, a, forms));
    if (!by) return [];
    return [finding('check/shadowed-rule', a, `environment rule ${quote(a.id)} is shadowed by ${quote(by.id)}: whenever it fires, ${quote(by.id)} fires too and has the same effect or more`,
      `remove ${quote(a.id)}, or narrow ${quote(by.id)}'s condition or effect`)];
  });
}

function equivalent(a: EnvRuleIR, b: EnvRuleIR, forms: ReadonlyMap<EnvRuleIR, ReturnType<typeof dnf>>): boolean {
  return a.available.equals(b.available) && a.unavailable.equals(b.unavailable)
    && implies(forms.get(a)!, forms.get(b)!) && implies(forms.get(b)!, forms.get(a)!);
}

function finding(code: string, rule: EnvRuleIR, message: string, help: string): Finding {
  return { code, severity: 'warning', key: rule.id, span: rule.rule.span, message, help };
}
