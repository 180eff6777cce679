import type { EnvRuleIR } from '../compile/ir.js';
import { because, type Because } from '../../../explain/because.js';
import type { HostModel } from '../solve/host.js';
import type { Engine } from './engine.js';
import type { DecidingTest } from '../solve/conditions.js';
import type { ResolvedEnvironment } from './host-catalog.js';

/** A deciding test as cited: `qemu versionAtLeast "8.2" (here: "10.0.2")`, `not (…)` when it decided by failing. */
function citeTest(t: DecidingTest): string {
  const test = `${t.fact} ${t.operator} ${JSON.stringify(t.value)}`;
  return `${t.negated ? `not (${test})` : test} (here: ${JSON.stringify(t.here)})`;
}

function ruleReason(env: ResolvedEnvironment, rule: EnvRuleIR, name: string, on: boolean): Because {
  const tests = (env.deciding?.get(rule.id) ?? []).map((t) => because(`fact: ${citeTest(t)}`, undefined, [],
    { kind: 'condition', fact: t.fact, operator: t.operator, value: t.value, negated: t.negated, here: t.here }));
  const note = rule.assumption ? [because(`assumption: ${rule.assumption}`)] : [];
  return because(`\`${name}\` is made ${on ? 'available' : 'unavailable'} by environment rule \`${rule.id}\`: ${rule.reason}`, rule.rule,
    [...tests, ...note], { kind: 'host', feature: name, value: on, cause: 'rule', rule: rule.id });
}

/** Why the host model of an environment has or lacks a feature. */
export function explainHostFeature(engine: Engine, env: ResolvedEnvironment, host: HostModel, f: number): Because {
  const name = engine.rules.features[f]!.name;
  const on = host.features.has(f);
  const why = host.why.get(f);
  const where = `environment ${env.env.name} (${env.env.file})`;
  if (why?.kind === 'rule') return ruleReason(env, why.rule, name, on);
  if (why?.kind === 'offer') {
    return because(`\`${name}\` is ${on ? 'added' : 'taken away'} explicitly by ${where}${env.env.offerReason ? `: ${env.env.offerReason}` : ''}`,
      why.edit.rule, [], { kind: 'host', feature: name, value: on, cause: 'offer' });
  }
  if (why?.kind === 'outside-definition') {
    return because(`\`${name}\` is outside the full set of ${why.def.name}, the definition QEMU picks for this host (cpu type and IBC)`,
      why.def.rule, [], { kind: 'host', feature: name, value: false, cause: 'outside-definition' });
  }
  const hw = host.hardware;
  return because(on ? `\`${name}\` is in the hardware's own set (the full set of ${hw.name})` : `\`${name}\` is not in the hardware's own set (the full set of ${hw.name})`,
    hw.rule, [], { kind: 'host', feature: name, value: on, cause: 'hardware' });
}

/** Every difference between the hardware's own set and the host model, each with its reason. */
export function explainHostDifferences(engine: Engine, env: ResolvedEnvironment): Because {
  const host = env.host!;
  const hardware = engine.solution.sets[host.hardware.level]!.full;
  const changed = hardware.andNot(host.features).orIn(host.features.andNot(hardware));
  const premises = [...changed].map((f) => explainHostFeature(engine, env, host, f));
  const picked = host.def === host.hardware ? '' : `; QEMU picks ${host.def.name} for cpu type 0x${host.hardware.cpuType.toString(16)}${env.env.ibc ? ` and IBC 0x${env.env.ibc.unblocked.toString(16)}` : ''}`;
  return because(`the host model of ${env.env.name} is ${host.def.name} with ${host.features.count()} features: ` +
    `the hardware (${host.hardware.name}) has ${hardware.count()}${picked}; ${premises.length} differ`, host.def.rule, premises);
}
