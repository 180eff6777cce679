import { because, type Because } from '../../../explain/because.js';
import { Bitset } from '../../../util/bitset.js';
import { baselineKey, type SearchKey, type SearchStep } from './baseline.js';
import type { CpuModel } from './catalog.js';
import { compress } from './compress.js';
import type { Engine, ModelRequest, PropOrder } from './engine.js';
import { describeRequest, notInFull } from './explain-feature.js';
import { ok, type Result } from './errors.js';

const hex = (n: number) => `0x${n.toString(16)}`;

function keyReason(a: CpuModel, b: CpuModel, key: SearchKey): Because {
  const claim = a.def.gen === b.def.gen
    ? `same generation: search key type ${key.cpuType ? hex(key.cpuType) : '0 (types differ)'}, gen ${key.gen}, GA ${key.ga} (the lower GA)`
    : `different generations: the older side's key is used (type ${hex(key.cpuType)}, gen ${key.gen}, GA ${key.ga})`;
  return because(claim, undefined, [because(`A is ${a.def.name}`, a.def.rule), because(`B is ${b.def.name}`, b.def.rule)]);
}

/** The ignore rules that let missing base features pass for these definitions. */
function ignoredPremises(engine: Engine, defs: readonly SearchStep[], common: Bitset): Because[] {
  const skipped = new Bitset(engine.rules.size);
  for (const step of defs) skipped.orIn(engine.solution.sets[step.def.level]!.base.andNot(common).andIn(engine.rules.searchIgnoredMask));
  return engine.rules.searchIgnored.filter((e) => e.mask.intersects(skipped)).map((e) =>
    because(`\`${e.item}\` is missing but ignored by the definition search`, e.rule));
}

/** Consecutive candidates become one node; the step that ends the search stands alone. */
function stepReasons(engine: Engine, trace: readonly SearchStep[], common: Bitset): Because[] {
  const matches = trace.filter((s) => s.outcome === 'match');
  const out: Because[] = [];
  if (matches.length > 0) {
    const names = matches.length > 4 ? `${matches[0]!.def.name} … ${matches.at(-1)!.def.name}` : matches.map((s) => s.def.name).join(', ');
    out.push(because(`${names}: base sets satisfied (${matches.length} candidates)`, undefined, ignoredPremises(engine, matches, common)));
  }
  const last = trace.at(-1);
  if (last && last.outcome !== 'match') out.push(endReason(engine, last, common));
  return out;
}

function endReason(engine: Engine, step: SearchStep, common: Bitset): Because {
  const d = step.def;
  if (step.outcome === 'exact') return because(`${d.name}: exact cpu type and GA: chosen at once`, d.rule, ignoredPremises(engine, [step], common));
  if (step.outcome === 'too-new') return because(`${d.name}: newer than the key: the search stops here`, d.rule);
  const names = compress(engine.rules, step.missing!);
  return because(`${d.name}: the common features lack its base features ${names.join(', ')}: the search stops here (it does not skip)`, d.rule, [],
    { kind: 'search-stop', definition: d.name, missing: names });
}

/** Which candidate wins when there was no exact hit. */
function choiceReason(trace: readonly SearchStep[], chosen: CpuModel, key: SearchKey): Because {
  if (trace.at(-1)?.outcome === 'exact') return because(`${chosen.def.name} matches the key exactly`);
  const sameType = chosen.def.cpuType === key.cpuType;
  return because(sameType ? `${chosen.def.name} is the last candidate with cpu type ${hex(key.cpuType)}`
    : `no candidate has cpu type ${key.cpuType ? hex(key.cpuType) : '0'}: the last candidate, ${chosen.def.name}, wins`);
}

/** Dropped features, split by reason: the other side lacks them, or the chosen definition cannot have them. */
function dropReasons(engine: Engine, from: Bitset, label: string, other: Bitset, result: CpuModel): Because[] {
  const cls = { name: result.def.name, kind: 'base' as const, def: result.def, initial: result.features, static: true, migrationSafe: true, desc: '' };
  const otherSide = compress(engine.rules, from.andNot(other)).map((prop) =>
    because(`\`${prop}\` dropped: ${label} has it, the other model does not`, undefined, [], { kind: 'dropped', prop, reason: 'other-side' }));
  const outside = compress(engine.rules, from.and(other).andNotIn(result.features)).map((prop) => {
    const g = engine.rules.groupIndex.get(prop);
    const f = g === undefined ? engine.rules.featureIndex.get(prop)! : engine.rules.groups[g]!.members[0]!;
    return because(`\`${prop}\` dropped: outside the full set of ${result.def.name}`, undefined, [notInFull(engine, cls, f)],
      { kind: 'dropped', prop, reason: 'not-in-full' });
  });
  return [...otherSide, ...outside];
}

/** Why this definition (the search path) and why each feature of either input was dropped. */
export function explainBaseline(engine: Engine, a: ModelRequest, b: ModelRequest, order: PropOrder = 'as-given'): Result<Because> {
  const ma = engine.build(a, 'modela', order);
  if (!ma.ok) return ma;
  const mb = engine.build(b, 'modelb', order);
  if (!mb.ok) return mb;
  const trace: SearchStep[] = [];
  const result = engine.baselineOf(ma.value, mb.value, trace);
  const common = ma.value.features.and(mb.value.features);
  const key = baselineKey(ma.value.def, mb.value.def);
  const steps = [keyReason(ma.value, mb.value, key), ...stepReasons(engine, trace, common)];
  if (result.ok) steps.push(choiceReason(trace, result.value, key));
  const search = because('definition search over the release-ordered table', undefined, steps);
  const title = `baseline of \`${describeRequest(a)}\` and \`${describeRequest(b)}\``;
  if (!result.ok) return ok(because(`${title}: no compatible CPU model (the first definition already lacks base features)`, undefined, [search]));
  const chosen = result.value;
  return ok(because(`${title} is ${chosen.def.name}-base with ${chosen.features.count()} features`, chosen.def.rule, [
    search,
    ...dropReasons(engine, ma.value.features, 'A', mb.value.features, chosen),
    ...dropReasons(engine, mb.value.features.andNot(ma.value.features), 'B', ma.value.features, chosen),
  ], { kind: 'baseline', definition: chosen.def.name }));
}
