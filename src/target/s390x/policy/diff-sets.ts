import type { CompiledRules, DefinitionIR, Edit, RuleRef } from '../compile/ir.js';
import type { RuleSetAst } from '../parse/ast.js';
import type { Solution } from '../solve/generations.js';
import { SET_KINDS, type SetKind } from '../levels.js';
import { cite } from '../../../diff/cite.js';
import { fullSetOf } from '../../../diff/causes.js';
import type { RuleCite, SetFact } from '../../policy.js';

/** A compiled, solved profile and its AST. */
export interface Solved {
  ast: RuleSetAst;
  rules: CompiledRules;
  solution: Solution;
}

/** The models whose answers a definition's set feeds: `-base` starts from base; the default model from default, measured against base. */
const SET_MODELS: Record<SetKind, (def: string) => string[]> = {
  base: (d) => [`${d}-base`, d],
  default: (d) => [d],
  full: (d) => [fullSetOf(d)],
};

const setNames = (s: Solved, d: DefinitionIR, kind: SetKind) =>
  new Set([...s.solution.sets[d.level]![kind]].map((f) => s.rules.features[f]!.name));

/** The last removal of the feature from that set at or before the definition's level. */
function removal(s: Solved, d: DefinitionIR, kind: SetKind, feature: string): Edit | undefined {
  const f = s.rules.featureIndex.get(feature);
  if (f === undefined) return undefined;
  return s.rules.levels.slice(0, d.level + 1).flatMap((l) => l.remove[kind]).filter((e) => e.mask.has(f)).at(-1);
}

function featureRule(s: Solved, feature: string): RuleRef | undefined {
  const f = s.rules.featureIndex.get(feature);
  return f === undefined ? undefined : s.rules.features[f]!.rule;
}

/**
 * Why a set gained a feature: the rule that puts it there now (Solution.why),
 * noting when the feature itself is new. Why it lost one: the removal rule
 * that takes it out now, or the rule that used to add it.
 */
function explainFact(old: Solved, next: Solved, d: [DefinitionIR, DefinitionIR], kind: SetKind, feature: string, gained: boolean): RuleCite {
  if (gained) {
    const edit = next.solution.why[d[1].level]![kind][next.rules.featureIndex.get(feature)!]!;
    const isNew = !old.rules.featureIndex.has(feature);
    const fr = featureRule(next, feature)!;
    return cite(next.ast, edit.rule, isNew ? `\`${feature}\` is a new feature: ${fr.id}${noteOf(next, fr)}` : undefined);
  }
  const gone = removal(next, d[1], kind, feature);
  if (gone) return cite(next.ast, gone.rule);
  const was = old.solution.why[d[0].level]![kind][old.rules.featureIndex.get(feature)!]!;
  const why = next.rules.featureIndex.has(feature) ? 'no longer applies' : `\`${feature}\` no longer exists`;
  return cite(old.ast, was.rule, `was: ${why}`);
}

function noteOf(s: Solved, rule: RuleRef): string {
  const note = cite(s.ast, rule).note;
  return note ? ` (${note})` : '';
}

/** Per common definition and set: the features gained and lost, each with its rule. */
export function setFacts(old: Solved, next: Solved): SetFact[] {
  const facts: SetFact[] = [];
  for (const d1 of next.rules.definitions) {
    const i0 = old.rules.definitionIndex.get(d1.name);
    if (i0 === undefined) continue;
    const pair: [DefinitionIR, DefinitionIR] = [old.rules.definitions[i0]!, d1];
    for (const kind of SET_KINDS) {
      const [a, b] = [setNames(old, pair[0], kind), setNames(next, d1, kind)];
      const push = (feature: string, gained: boolean) => facts.push({ definition: d1.name, set: kind, feature, gained,
        rule: explainFact(old, next, pair, kind, feature, gained), models: SET_MODELS[kind](d1.name), search: kind === 'base' });
      for (const f of b) if (!a.has(f)) push(f, true);
      for (const f of a) if (!b.has(f)) push(f, false);
    }
  }
  return facts;
}
