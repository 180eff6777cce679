import type { CompiledRules, DefinitionIR, Edit, RuleRef } from '../target/s390x/compile/ir.js';
import type { RuleSetAst } from '../target/s390x/parse/ast.js';
import type { Solution } from '../target/s390x/solve/generations.js';
import { SET_KINDS, type SetKind } from '../target/s390x/levels.js';
import { cite } from './cite.js';
import type { RuleCite, SetChange } from './types.js';

/** A compiled, solved profile and its AST. */
export interface Solved {
  ast: RuleSetAst;
  rules: CompiledRules;
  solution: Solution;
}

/** One feature gained or lost by one definition's set, with the rule that explains it. */
export interface SetFact {
  definition: string;
  set: SetKind;
  feature: string;
  gained: boolean;
  rule: RuleCite;
}

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
      const push = (feature: string, gained: boolean) =>
        facts.push({ definition: d1.name, set: kind, feature, gained, rule: explainFact(old, next, pair, kind, feature, gained) });
      for (const f of b) if (!a.has(f)) push(f, true);
      for (const f of a) if (!b.has(f)) push(f, false);
    }
  }
  return facts;
}

/** The facts as one change per (definition, set). */
export function setChanges(facts: readonly SetFact[], causeOf: (f: SetFact) => string): SetChange[] {
  const out = new Map<string, SetChange>();
  for (const f of facts) {
    const key = `${f.definition}\0${f.set}`;
    let c = out.get(key);
    if (!c) out.set(key, (c = { definition: f.definition, set: f.set, gained: [], lost: [], causes: [] }));
    (f.gained ? c.gained : c.lost).push(f.feature);
    const id = causeOf(f);
    if (!c.causes.includes(id)) c.causes.push(id);
  }
  return [...out.values()];
}
