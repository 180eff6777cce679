/**
 * Provenance for test coverage: the rule ids of a profile's IR, and the
 * rules behind a model's starting set and behind the engine's options.
 */
import type { Bitset } from '../../../util/bitset.js';
import type { SetKind } from '../levels.js';
import type { Engine } from '../query/engine.js';
import { ruleIdsByField } from '../../../explain/rule-ids.js';

/** The rule ids of a profile's IR by category (the IR field they hang from). */
export function ruleUniverse(engine: Engine): Map<string, Set<string>> {
  return ruleIdsByField(engine.rules);
}

/** Feature and group declarations of a set: features it has, groups all of whose members it has. */
function declarations(engine: Engine, set: Bitset): string[] {
  const { features, groups } = engine.rules;
  return [...[...set].map((f) => features[f]!.rule.id), ...groups.filter((g) => g.members.length > 0 && set.containsAll(g.mask)).map((g) => g.rule.id)];
}

/**
 * The rules behind a model's starting set: its definition and level, the
 * rule that derived each feature (Solution.why) and the feature's own
 * declaration; `withFull` adds the full set's (props are checked against it).
 */
export function derivationRules(engine: Engine, model: string, withFull = false): string[] {
  const cls = engine.catalog.get(model);
  if (!cls) return [];
  const { rules, solution } = engine;
  const ids = new Set([cls.def.rule.id, rules.levels[cls.def.level]!.rule.id, ...declarations(engine, cls.initial)]);
  if (cls.kind === 'qemu' || cls.kind === 'max') {
    const ref = cls.kind === 'max' ? rules.tcgMax : engine.machine.qemu;
    const upTo = rules.qemuLists.findIndex((l) => l.name === ref.list);
    return [...ids, ref.rule.id, ...rules.qemuLists.slice(0, upTo + 1).map((l) => l.rule.id)];
  }
  const kinds: SetKind[] = [...(cls.kind === 'base' ? ['base' as const] : ['base' as const, 'default' as const]), ...(withFull ? ['full' as const] : [])];
  for (const kind of kinds) for (const f of solution.sets[cls.def.level]![kind]) ids.add(solution.why[cls.def.level]![kind][f]!.rule.id);
  return [...ids];
}

/** The rules an engine's options bring in: the machine type (and those it inherits from) and the environment rules that fired. */
export function contextRules(engine: Engine): string[] {
  const m = engine.machine;
  const machines = [m.machine, m.qemuSetBy, ...m.featoffs.map((f) => f.machine)].flatMap((x) => (x ? [x.rule.id] : []));
  const env = engine.options.environment;
  const fired = env ? [...env.fired].map((id) => `environment/${id}`) : [];
  // Every expansion answer of a profile with deprecation reporting lists deprecated-props.
  const deprecation = engine.rules.deprecated ? [engine.rules.deprecated.rule.id] : [];
  return [...new Set([...machines, ...fired, ...deprecation])];
}

