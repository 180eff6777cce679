import type { DependencyIR } from '../compile/ir.js';
import { because } from '../../../explain/because.js';
import { dependencyClosure } from '../solve/closure.js';
import { Bitset } from '../../../util/bitset.js';
import type { Engine, ModelRequest, PropOrder } from './engine.js';
import { describeRequest } from './explain-feature.js';
import { ok, type Result } from './errors.js';
import { brokenDependencies, dependencyWarning } from './runnable.js';

import type { Fix, LintReport } from '../../types.js';

/** Warnings are QEMU's realize-time texts in its table order ('X' requires 'Y'); enabling is feasible only within the definition's full set. */
export type { Fix, LintReport } from '../../types.js';

const closures = new WeakMap<Engine, { needs: Bitset[]; neededBy: Bitset[] }>();

export function closureOf(engine: Engine) {
  let c = closures.get(engine);
  if (!c) closures.set(engine, (c = { needs: dependencyClosure(engine.rules), neededBy: dependencyClosure(engine.rules, true) }));
  return c;
}

/** The chain X → Y → … of requirements the model is missing, from X. */
function chain(engine: Engine, dep: DependencyIR, features: Bitset): string[] {
  const names = [engine.rules.features[dep.feature]!.name, engine.rules.features[dep.requires]!.name];
  let at = dep.requires;
  for (let guard = 0; guard < engine.rules.size; guard++) {
    const next = engine.rules.dependencies.find((d) => d.feature === at && !features.has(d.requires));
    if (!next || names.includes(engine.rules.features[next.requires]!.name)) break;
    names.push(engine.rules.features[next.requires]!.name);
    at = next.requires;
  }
  return names;
}

/** Dependency violations QEMU would warn about at realize time, and the smallest fix. */
export function lintModel(engine: Engine, req: ModelRequest, order: PropOrder = 'as-given'): Result<LintReport> {
  const built = engine.build(req, 'model', order);
  if (!built.ok) return built;
  const { features, def } = built.value;
  const broken = brokenDependencies(engine, built.value);
  const name = (i: number) => engine.rules.features[i]!.name;
  const { needs, neededBy } = closureOf(engine);
  const enable = new Bitset(engine.rules.size);
  const disable = new Bitset(engine.rules.size);
  for (const d of broken) {
    enable.orIn(needs[d.feature]!.andNot(features));
    disable.add(d.feature).orIn(neededBy[d.feature]!.and(features));
  }
  const full = engine.solution.sets[def.level]!.full;
  const fixes: Fix[] = broken.length === 0 ? [] : [
    { action: 'enable', features: [...enable].map(name), feasible: full.containsAll(enable) },
    { action: 'disable', features: [...disable].map(name), feasible: true },
  ];
  fixes.sort((a, b) => Number(b.feasible) - Number(a.feasible) || a.features.length - b.features.length);
  const premises = broken.map((d) => because(`'${name(d.feature)}' requires '${name(d.requires)}' (chain: ${chain(engine, d, features).join(' → ')})`, d.rule, [],
    { kind: 'requires', feature: name(d.feature), requires: name(d.requires) }));
  const title = broken.length === 0 ? `\`${describeRequest(req)}\` satisfies every dependency` : `\`${describeRequest(req)}\` breaks ${broken.length} dependencies`;
  return ok({
    model: describeRequest(req),
    warnings: broken.map((d) => dependencyWarning(engine, d)),
    fixes,
    explanation: because(title, undefined, premises),
  });
}
