import { describe, expect, it } from 'vitest';
import { type ModelRequest, type PropEntry } from '../../src/index.js';
import { s390xEngine as builtinEngine, type Engine } from '../s390x.js';
import type { Because, Fact } from '../../src/explain/because.js';
import { explainFeature } from '../../src/target/s390x/query/explain-feature.js';
import { explainComparison } from '../../src/target/s390x/query/explain-compare.js';
import { explainBaseline } from '../../src/target/s390x/query/explain-baseline.js';
import { lintModel } from '../../src/target/s390x/query/lint.js';
import { compress } from '../../src/target/s390x/query/compress.js';
import { combine } from '../../src/target/s390x/query/compare.js';
import { Random } from '../../src/util/random.js';

/**
 * Soundness of explanations over many random questions: every fact an
 * explanation states holds in the solution, every rule it cites exists at
 * the cited place, and the cited facts alone re-derive the answer.
 */
const QUESTIONS = 400;

function knownRules(e: Engine): Map<string, string> {
  const r = e.rules;
  const refs = [
    ...r.features.map((f) => f.rule), ...r.groups.map((g) => g.rule), ...r.definitions.map((d) => d.rule),
    ...r.dependencies.map((d) => d.rule), ...r.qemuLists.map((l) => l.rule), r.tcgMax.rule, r.latestQemu.rule,
    ...r.searchIgnored.map((e) => e.rule),
    ...r.levels.flatMap((l) => Object.values(l.add).concat(Object.values(l.remove)).flat().map((e) => e.rule)),
    ...r.machines.flatMap((m) => [m.rule, ...(m.qemuModel ? [m.qemuModel.rule] : []), ...m.featoffs.flatMap((o) => o.edits.map((x) => x.rule))]),
  ];
  const out = new Map<string, string>();
  for (const ref of refs) out.set(`${ref.id}@${ref.span.file}:${ref.span.line}:${ref.span.col}`, ref.id);
  return out;
}

function walk(b: Because, fn: (b: Because) => void): void {
  fn(b);
  b.premises?.forEach((p) => walk(p, fn));
}

const facts = (b: Because): Fact[] => (b.premises ?? []).map((p) => p.fact).filter((f): f is Fact => f !== undefined);

/** Re-derive a feature's state from the facts the explanation cites. */
function rederiveFeature(e: Engine, req: ModelRequest, b: Because): boolean {
  const root = b.fact as Extract<Fact, { kind: 'feature' }>;
  const f = e.rules.featureIndex.get(root.feature)!;
  const [premise] = b.premises!;
  if (premise!.fact?.kind === 'prop') {
    const entries = e.applicationOrder(req, 'as-given');
    const group = e.rules.features[f]!.group;
    const touching = entries.filter(([k]) => k === root.feature || (group >= 0 && k === e.rules.groups[group]!.name));
    expect(touching.at(-1)?.[0]).toBe(premise!.fact.key);
    return premise!.fact.value;
  }
  const start = premise!.fact as Extract<Fact, { kind: 'starts-from' }>;
  const cls = e.catalog.get(req.name)!;
  expect(start.model).toBe(cls.name);
  const [why] = premise!.premises!;
  const fact = why!.fact!;
  const level = (key: string) => e.rules.levels.findIndex((l) => l.key === key);
  switch (fact.kind) {
    case 'added': {
      const at = level(fact.level);
      const edit = e.rules.levels[at]!.add[fact.list as 'base'].find((x) => x.mask.has(f));
      expect(edit, `cited addition ${fact.level}/${fact.list}`).toBeDefined();
      expect(at).toBeLessThanOrEqual(cls.def.level);
      const removedLater = e.rules.levels.slice(at + 1, cls.def.level + 1).some((l) => l.remove[start.set as 'base'].some((x) => x.mask.has(f)));
      return !removedLater;
    }
    case 'removed': {
      const at = level(fact.level);
      expect(e.rules.levels[at]!.remove[fact.list as 'base'].some((x) => x.mask.has(f))).toBe(true);
      return false;
    }
    case 'not-added': {
      const lists = start.set === 'base' ? ['base'] : ['base', start.set];
      const added = e.rules.levels.slice(0, cls.def.level + 1).some((l) => lists.some((k) => l.add[k as 'base'].some((x) => x.mask.has(f))));
      expect(added).toBe(false);
      return false;
    }
    case 'not-in-full':
      expect(e.solution.sets[cls.def.level]!.full.has(f)).toBe(false);
      return false;
    case 'featoff': {
      // The machine is the engine's or a newer one it inherits from; its featoff reaches the definition.
      const chain = e.rules.machines.slice(0, (e.machine.machine?.index ?? -1) + 1);
      const off = chain.find((m) => m.name === fact.machine)?.featoffs.find((o) => o.gen === fact.gen && o.ga === fact.ga);
      expect(off?.mask.has(f), `featoff of ${fact.machine}`).toBe(true);
      expect(cls.def.gen > fact.gen || (cls.def.gen === fact.gen && cls.def.ga >= fact.ga)).toBe(true);
      return false;
    }
    case 'in-qemu-list': {
      if (cls.kind === 'qemu') expect(fact.list).toBe(e.machine.qemu.list);
      const list = e.rules.qemuLists.find((l) => l.name === fact.list)!;
      expect(list.mask.has(f)).toBe(fact.value);
      return fact.value;
    }
    default:
      throw new Error(`unexpected fact ${fact.kind}`);
  }
}

function randomRequest(rng: Random, e: Engine): ModelRequest {
  const names = [...e.catalog.keys()];
  const name = rng.pick(names);
  const full = [...e.solution.sets[e.catalog.get(name)!.def.level]!.full].map((i) => e.rules.features[i]!.name);
  const keys = [...full, ...e.rules.groups.filter((g) => g.members.some((m) => full.includes(e.rules.features[m]!.name))).map((g) => g.name)];
  const props: PropEntry[] = Array.from({ length: rng.int(4) }, () => [rng.pick(keys), rng.chance(0.5)] as const);
  return { name, props };
}

describe.each(['qemu-7.2', 'qemu-10.0'])('explanations are sound (%s)', (profile) => {
  const e = builtinEngine(profile);
  const rules = knownRules(e);
  const rng = new Random(99);
  const citesKnownRules = (b: Because) => walk(b, (n) => {
    if (n.rule) expect(rules.get(`${n.rule.id}@${n.rule.at}`), `${n.rule.id} @ ${n.rule.at}`).toBe(n.rule.id);
  });

  it(`feature explanations re-derive the feature's state (${QUESTIONS} questions)`, () => {
    for (let i = 0; i < QUESTIONS; i++) {
      const req = randomRequest(rng, e);
      const feature = rng.pick(e.rules.features).name;
      const r = explainFeature(e, req, feature);
      if (!r.ok) continue;
      const model = e.build(req, 'model', 'as-given');
      expect(model.ok).toBe(true);
      const actual = model.ok && model.value.features.has(e.rules.featureIndex.get(feature)!);
      expect((r.value.fact as { value: boolean }).value).toBe(actual);
      expect(rederiveFeature(e, req, r.value)).toBe(actual);
      citesKnownRules(r.value);
    }
  });

  it('comparison explanations cite exactly the responsible properties and re-derive the verdict', () => {
    for (let i = 0; i < QUESTIONS / 4; i++) {
      const a = randomRequest(rng, e), b = randomRequest(rng, e);
      const r = explainComparison(e, a, b);
      const answer = e.compare(a, b, 'as-given');
      if (!r.ok || !answer.ok) continue;
      const root = r.value.fact as Extract<Fact, { kind: 'verdict' }>;
      expect(combine(root.generation as never, root.features as never)).toBe(answer.value.result);
      const cited: string[] = [];
      walk(r.value, (n) => { if (n.fact?.kind === 'only-in') cited.push(n.fact.prop); });
      const expected = answer.value['responsible-properties'].filter((p) => p !== 'type');
      expect(cited.sort()).toEqual([...expected].sort());
      walk(r.value, (n) => {
        if (n.fact?.kind !== 'only-in') return;
        const [has, lacks] = n.premises!;
        expect([(has!.fact as { value: boolean }).value, (lacks!.fact as { value: boolean }).value]).toEqual([true, false]);
        expect(rederiveFeature(e, n.fact.side === 'A' ? a : b, has!)).toBe(true);
        expect(rederiveFeature(e, n.fact.side === 'A' ? b : a, lacks!)).toBe(false);
      });
      citesKnownRules(r.value);
    }
  });

  it('baseline explanations name the chosen definition, the stopping base features and every dropped feature', () => {
    for (let i = 0; i < QUESTIONS / 4; i++) {
      const a = randomRequest(rng, e), b = randomRequest(rng, e);
      const r = explainBaseline(e, a, b);
      const ma = e.build(a, 'modela', 'as-given'), mb = e.build(b, 'modelb', 'as-given');
      if (!r.ok || !ma.ok || !mb.ok) continue;
      const result = e.baselineOf(ma.value, mb.value);
      if (!result.ok) continue;
      expect((r.value.fact as { definition: string }).definition).toBe(result.value.def.name);
      const common = ma.value.features.and(mb.value.features);
      const covered = new Set<number>();
      walk(r.value, (n) => {
        if (n.fact?.kind === 'search-stop') {
          const def = e.rules.definitions[e.rules.definitionIndex.get(n.fact.definition)!]!;
          const missing = e.solution.sets[def.level]!.base.andNot(common).andNotIn(e.rules.searchIgnoredMask);
          expect(compress(e.rules, missing)).toEqual(n.fact.missing);
        }
        if (n.fact?.kind === 'dropped') {
          const g = e.rules.groupIndex.get(n.fact.prop);
          const members = g === undefined ? [e.rules.featureIndex.get(n.fact.prop)!] : e.rules.groups[g]!.members;
          for (const m of members) {
            covered.add(m);
            expect(result.value.features.has(m)).toBe(false);
            if (n.fact.reason === 'not-in-full') expect(e.solution.sets[result.value.def.level]!.full.has(m)).toBe(false);
            else expect(common.has(m)).toBe(false);
          }
        }
      });
      const dropped = ma.value.features.or(mb.value.features).andNot(result.value.features);
      expect([...dropped].every((m) => covered.has(m))).toBe(true);
      citesKnownRules(r.value);
    }
  });

  it('lint explanations list exactly the violated dependencies', () => {
    for (let i = 0; i < QUESTIONS / 4; i++) {
      const req = randomRequest(rng, e);
      const r = lintModel(e, req);
      const m = e.build(req, 'model', 'as-given');
      if (!r.ok || !m.ok) continue;
      const name = (x: number) => e.rules.features[x]!.name;
      const expected = e.rules.dependencies.filter((d) => m.value.features.has(d.feature) && !m.value.features.has(d.requires))
        .map((d) => `${name(d.feature)}>${name(d.requires)}`);
      expect(facts(r.value.explanation).map((f) => f.kind === 'requires' && `${f.feature}>${f.requires}`)).toEqual(expected);
      citesKnownRules(r.value.explanation);
    }
  });
});

/** On compat machines: features switched off by featoffs are explained by the machine rule and re-derived. */
describe.each(['qemu-7.2', 'qemu-10.0'])('explanations on compat machines are sound (%s)', (profile) => {
  const machines = builtinEngine(profile).rules.machines.filter((m) => m.featoffs.length > 0 || m.qemuModel).map((m) => m.name);

  it.each(machines)('%s', (machine) => {
    const e = builtinEngine(profile, { machine });
    const rules = knownRules(e);
    const rng = new Random(7);
    const switchedOff = e.machine.featoffs.flatMap((a) => [...a.featoff.mask]).map((i) => e.rules.features[i]!.name);
    let featoffs = 0;
    for (let i = 0; i < QUESTIONS / 4; i++) {
      const req = rng.chance(0.5) ? { name: rng.pick(e.rules.definitions).name } : randomRequest(rng, e);
      const feature = switchedOff.length && rng.chance(0.7) ? rng.pick(switchedOff) : rng.pick(e.rules.features).name;
      const r = explainFeature(e, req, feature);
      const model = e.build(req, 'model', 'as-given');
      if (!r.ok || !model.ok) continue;
      expect(rederiveFeature(e, req, r.value)).toBe(model.value.features.has(e.rules.featureIndex.get(feature)!));
      walk(r.value, (n) => {
        if (n.rule) expect(rules.get(`${n.rule.id}@${n.rule.at}`), n.rule.id).toBe(n.rule.id);
        if (n.fact?.kind === 'featoff') featoffs++;
      });
    }
    if (switchedOff.length > 0) expect(featoffs, 'featoff explanations seen').toBeGreaterThan(0);
  });
});
