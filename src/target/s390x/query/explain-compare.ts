import type { DefinitionIR } from '../compile/ir.js';
import { because, type Because } from '../../../explain/because.js';
import type { Bitset } from '../../../util/bitset.js';
import { compareGeneration, compareModels, featureVerdict, type CompareResult } from './compare.js';
import { compress } from './compress.js';
import type { Engine, ModelRequest, PropOrder } from './engine.js';
import { describeRequest, explainSubjectFeature, subjectOf, type Subject } from './explain-feature.js';
import { ok, type Result } from './errors.js';

const gaText = (d: DefinitionIR) => `${d.name}: gen ${d.gen} GA ${d.ga}`;

/** The generation verdict with both definitions cited. */
export function generationReason(a: DefinitionIR, b: DefinitionIR, labels = ['A', 'B']): Because {
  const v = compareGeneration(a, b);
  const claim = v === 'identical'
    ? `same generation and GA (${gaText(a)}; ${gaText(b)})`
    : `\`type\`: ${labels[0]} is ${gaText(a)}, ${labels[1]} is ${gaText(b)}, so ${labels[0]} is a generation ${v} of ${labels[1]}`;
  return because(claim, undefined, [because(`${labels[0]} is ${a.name}`, a.rule), because(`${labels[1]} is ${b.name}`, b.rule)]);
}

/** One reason per responsible property, then the verdict they combine to. */
export function explainComparison(engine: Engine, a: ModelRequest, b: ModelRequest, order: PropOrder = 'as-given'): Result<Because> {
  const ma = engine.build(a, 'modela', order);
  if (!ma.ok) return ma;
  const mb = engine.build(b, 'modelb', order);
  if (!mb.ok) return mb;
  const info = compareModels(engine.rules, ma.value, mb.value);
  const gen = compareGeneration(ma.value.def, mb.value.def);
  const feat = featureVerdict(ma.value.features.andNot(mb.value.features), mb.value.features.andNot(ma.value.features));
  const [sa, sb] = [subjectOf(engine, a, ma.value, order), subjectOf(engine, b, mb.value, order)];
  const premises = [
    because(`generation verdict: ${gen}`, undefined, gen === 'identical' ? [] : [generationReason(ma.value.def, mb.value.def)]),
    because(`feature verdict: ${feat}`, undefined, [
      ...side(engine, sa, sb, ma.value.features.andNot(mb.value.features), 'only in A'),
      ...side(engine, sb, sa, mb.value.features.andNot(ma.value.features), 'only in B'),
    ]),
  ];
  const rule = gen === feat || gen === 'identical' || feat === 'identical' ? 'equal verdicts stay, identical defers to the other' : 'different verdicts give incompatible';
  return ok(because(`\`${describeRequest(a)}\` is ${RELATION[info.result]} \`${describeRequest(b)}\` (${rule})`, undefined, premises,
    { kind: 'verdict', result: info.result, generation: gen, features: feat }));
}

const RELATION: Record<CompareResult, string> = {
  identical: 'identical to', subset: 'a subset of', superset: 'a superset of', incompatible: 'incompatible with',
};

/** For each property only one side has: why this side has it and why the other lacks it (both models built once). */
function side(engine: Engine, has: Subject, lacks: Subject, set: Bitset, label: 'only in A' | 'only in B'): Because[] {
  return compress(engine.rules, set).map((prop) => {
    const g = engine.rules.groupIndex.get(prop);
    const member = g === undefined ? prop : engine.rules.features[engine.rules.groups[g]!.members[0]!]!.name;
    const claim = g === undefined ? `\`${prop}\` ${label}` : `group \`${prop}\` ${label} (shown by its member \`${member}\`)`;
    return because(claim, g === undefined ? undefined : engine.rules.groups[g]!.rule, [why(engine, has, member), why(engine, lacks, member)],
      { kind: 'only-in', side: label === 'only in A' ? 'A' : 'B', prop });
  });
}

function why(engine: Engine, subject: Subject, feature: string): Because {
  const r = explainSubjectFeature(engine, subject, feature);
  return r.ok ? r.value : because(`\`${feature}\`: ${r.error.code}`);
}
