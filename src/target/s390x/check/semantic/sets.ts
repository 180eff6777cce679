import { Bitset } from '../../../../util/bitset.js';
import { SET_KINDS } from '../../levels.js';
import { definitionRange, featureNames, nameList, quote, type Finding, type ProfileRun } from './context.js';

/**
 * `check/partial-group` (warning): a group is a unit in QEMU's tables; a
 * set holding some but not all of its members is almost always a typo.
 * One finding per group and set kind, the definitions summarized.
 */
export function partialGroups(run: ProfileRun): Finding[] {
  const { rules, solution } = run;
  return rules.groups.flatMap((g) => SET_KINDS.flatMap((kind): Finding[] => {
    const defs = rules.definitions.filter((d) => {
      const part = solution.sets[d.level]![kind].and(g.mask).count();
      return part > 0 && part < g.members.length;
    });
    if (defs.length === 0) return [];
    const first = defs[0]!;
    const present = solution.sets[first.level]![kind].and(g.mask);
    const edit = solution.why[first.level]![kind][present.toArray()[0]!];
    return [{
      code: 'check/partial-group', severity: 'warning', key: `${g.name}:${kind}`, span: edit?.rule.span ?? g.rule.span,
      message: `the ${kind} set of ${definitionRange(rules, defs.map((d) => d.index))} has only part of group ${quote(g.name)}: ${nameList(featureNames(rules, present))} (${present.count()} of ${g.members.length})`,
      help: `add or remove the whole group ${quote(g.name)}, not some of its members`,
    }];
  }));
}

/**
 * `check/never-usable` (warning): a feature in no definition's full set can
 * never be switched on in any CPU model (QEMU's own `idter` is one).
 */
export function neverUsable(run: ProfileRun): Finding[] {
  const { rules, solution } = run;
  const usable = new Bitset(rules.size);
  for (const d of rules.definitions) usable.orIn(solution.sets[d.level]!.full);
  return rules.features.filter((f) => !usable.has(f.index)).map((f) => ({
    code: 'check/never-usable', severity: 'warning', key: f.name, span: f.rule.span,
    message: `feature ${quote(f.name)} is in no definition's full set: no CPU model can enable it`,
    help: 'add it to the `full` list of the generation that introduced it, or drop it if no machine offers it',
  }));
}
