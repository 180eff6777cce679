import type { Edit, EnvRuleIR } from '../../compile/ir.js';
import { Bitset } from '../../../../util/bitset.js';
import { definitionRange, featureNames, nameList, quote, type Finding, type ProfileRun } from './context.js';

/**
 * `check/environment-dependent-base` (warning): a `-base` model is meant to
 * run, and migrate, wherever its generation runs, so its base set must not
 * hold a feature that an environment rule can take away (export-regulated
 * CPACF functions, kernel capabilities). Features listed under
 * `definition_search.ignore_missing` are exempt: that list is where the rules
 * acknowledge such features (QEMU's definition search skips them for this
 * very reason). One finding per rule and per generation edit that added them.
 */
export function environmentDependentBase(run: ProfileRun): Finding[] {
  const { rules, solution } = run;
  const inBase = new Bitset(rules.size);
  for (const d of rules.definitions) inBase.orIn(solution.sets[d.level]!.base);
  inBase.andNotIn(rules.searchIgnoredMask);
  return rules.envRules.flatMap((rule) => byEdit(run, rule.unavailable.and(inBase)).map(([edit, mask]) => finding(run, rule, edit, mask)));
}

/** Group features by the generation edit that put them into a base set first. */
function byEdit(run: ProfileRun, mask: Bitset): [Edit, Bitset][] {
  const groups = new Map<Edit, Bitset>();
  for (const f of mask) {
    const def = run.rules.definitions.find((d) => run.solution.sets[d.level]!.base.has(f))!;
    const edit = run.solution.why[def.level]!.base[f]!;
    groups.set(edit, (groups.get(edit) ?? new Bitset(run.rules.size)).add(f));
  }
  return [...groups];
}

function finding(run: ProfileRun, rule: EnvRuleIR, edit: Edit, mask: Bitset): Finding {
  const { rules, solution } = run;
  const defs = rules.definitions.filter((d) => solution.sets[d.level]!.base.intersects(mask)).map((d) => d.index);
  const names = featureNames(rules, mask);
  return {
    code: 'check/environment-dependent-base', severity: 'warning', key: `${rule.id}:${names.join(',')}`, span: edit.rule.span,
    message: `environment rule ${quote(rule.id)} can make ${nameList(names)} unavailable, yet the base set of ${definitionRange(rules, defs)} has ${names.length === 1 ? 'it' : 'them'}`,
    help: 'a `-base` model must run on every host of its generation: move these features to the default list, or list them under `definition_search.ignore_missing` if QEMU tolerates their absence',
  };
}
