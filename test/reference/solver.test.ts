import { describe, expect, it } from 'vitest';
import { ruleSetFromSources, type PropEntry } from '../../src/index.js';
import { coreOf, type Engine } from '../s390x.js';
import { Random } from '../../src/util/random.js';
import { NaiveSolver, type NaiveModel } from './naive.js';
import { randomRules } from './random-rules.js';
import { toSources, type PlainRules } from './spec.js';

const RULE_SETS = 150;
const QUERIES = 60;

function engineFor(r: PlainRules): Engine {
  const rs = ruleSetFromSources(toSources(r));
  const res = rs.engine();
  if (!('engine' in res)) throw new Error(JSON.stringify(res.diagnostics.slice(0, 3)));
  return coreOf(res.engine);
}

function randomRequest(rng: Random, r: PlainRules): { name: string; props: [string, boolean][] } {
  const names = [...r.definitions.flatMap((d) => [d.name, `${d.name}-base`]), 'qemu', 'max'];
  const keys = [...r.features, ...r.groups.map((g) => g.name)];
  const props = Array.from({ length: rng.int(5) }, () => [rng.pick(keys), rng.chance(0.5)] as [string, boolean]);
  return { name: rng.pick(names), props };
}

const seed = Number(process.env.CPUMODEL_SEED ?? 4242);

describe(`bitset solver vs set-of-strings reference (seed ${seed})`, () => {
  const rng = new Random(seed);
  const cases = Array.from({ length: RULE_SETS }, (_, i) => ({ i, rules: randomRules(rng) }));

  it.each(cases)('random rule set $i: generation sets, expansion, comparison, baseline, definitions', ({ rules }) => {
    const engine = engineFor(rules);
    const naive = new NaiveSolver(rules);
    for (const def of engine.rules.definitions) {
      const sets = engine.solution.sets[def.level]!;
      const names = (b: Iterable<number>) => [...b].map((i) => engine.rules.features[i]!.name).sort();
      for (const kind of ['base', 'default', 'full'] as const) {
        expect(names(sets[kind])).toEqual([...naive.setsOf(def)[kind]].sort());
      }
    }
    let compared = 0;
    for (let q = 0; q < QUERIES; q++) {
      const a = randomRequest(rng, rules), b = randomRequest(rng, rules);
      const props = (x: typeof a): PropEntry[] => x.props;
      const fa = engine.build({ name: a.name, props: props(a) }, 'model', 'as-given');
      const na = naive.build(a.name, a.props);
      expect(fa.ok).toBe(na.ok);
      const fb = engine.build({ name: b.name, props: props(b) }, 'model', 'as-given');
      const nb = naive.build(b.name, b.props);
      if (!fa.ok || !na.ok || !fb.ok || !nb.ok) continue;
      compared++;
      expectSame(engine, { name: a.name, props: props(a) }, na.value, naive);
      const cmp = engine.compare({ name: a.name, props: props(a) }, { name: b.name, props: props(b) }, 'as-given');
      const ncmp = naive.compare(na.value, nb.value);
      expect(cmp.ok && cmp.value).toEqual({ result: ncmp.result, 'responsible-properties': ncmp.props });
      const base = engine.baseline({ name: a.name, props: props(a) }, { name: b.name, props: props(b) }, 'as-given');
      const nbase = naive.baseline(na.value, nb.value);
      if (nbase === null) expect(base.ok).toBe(false);
      else expect(base.ok && base.value.model).toEqual(modelInfo(naive, nbase));
    }
    const unavailable = Object.fromEntries(engine.definitions().map((d) => [d.name, d['unavailable-features']]));
    for (const name of Object.keys(unavailable)) expect(unavailable[name]).toEqual(naive.unavailable(naive.initial(name)!));
    expect(compared).toBeGreaterThan(0);
  });
});

function modelInfo(naive: NaiveSolver, m: NaiveModel) {
  const props = naive.staticProps(m);
  return Object.keys(props).length ? { name: `${m.def.name}-base`, props } : { name: `${m.def.name}-base` };
}

function expectSame(engine: Engine, req: { name: string; props: PropEntry[] }, slow: NaiveModel, naive: NaiveSolver): void {
  const built = engine.build(req, 'model', 'as-given');
  if (!built.ok) throw new Error('build failed');
  expect(built.value.def.name).toBe(slow.def.name);
  expect([...built.value.features].map((i) => engine.rules.features[i]!.name).sort()).toEqual([...slow.features].sort());
  const stat = engine.expand(req, 'static', 'as-given');
  expect(stat.ok && stat.value.model).toEqual(modelInfo(naive, slow));
  const full = engine.expand(req, 'full', 'as-given');
  expect(full.ok && full.value.model.props).toEqual(naive.fullProps(slow));
}
