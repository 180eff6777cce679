import type { Span } from '../../../../diag/diagnostic.js';
import type { SetKind } from '../../levels.js';
import { featureNames, nameList, type Finding, type ProfileRun } from './context.js';

const PAIRS: readonly [SetKind, SetKind][] = [['base', 'default'], ['default', 'full']];

/**
 * `check/set-not-nested` (error): at every generation level base ⊆ default
 * ⊆ full. Reported once, at the first level where a feature breaks it,
 * pointing at the removal that caused it or else at the edit that put the
 * feature into the smaller set.
 */
export function setNotNested(run: ProfileRun): Finding[] {
  const { rules, solution } = run;
  const out: Finding[] = [];
  for (const [inner, outer] of PAIRS) {
    const seen = new Set<number>();
    rules.levels.forEach((level, l) => {
      const sets = solution.sets[l]!;
      const fresh = sets[inner].andNot(sets[outer]);
      for (const f of seen) fresh.delete(f);
      if (fresh.isEmpty()) return;
      for (const f of fresh) seen.add(f);
      const first = fresh.toArray()[0]!;
      out.push({
        code: 'check/set-not-nested', severity: 'error', key: `${level.key}:${inner}<${outer}`,
        message: `at ${level.key} the ${inner} set has ${nameList(featureNames(rules, fresh))}, which the ${outer} set lacks`,
        span: removalSpan(run, l, outer, first) ?? solution.why[l]![inner][first]?.rule.span,
        help: `every ${inner} feature must be in the ${outer} set too: add ${fresh.count() === 1 ? 'it' : 'them'} to the ${outer} list${inner === 'base' ? ' or remove them from base as well' : ''}`,
      });
    });
  }
  return out;
}

/** The removal edit of this level or an earlier one that took `f` out of `kind`. */
function removalSpan(run: ProfileRun, level: number, kind: SetKind, f: number): Span | undefined {
  for (let l = level; l >= 0; l--) {
    const edit = run.rules.levels[l]!.remove[kind].find((e) => e.mask.has(f));
    if (edit) return edit.rule.span;
  }
  return undefined;
}
