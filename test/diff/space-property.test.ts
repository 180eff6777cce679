import { describe, expect, it } from 'vitest';
import { environmentNames, openRules, type ArchEngine, type ModelRequest, type RuleSet } from '../../src/index.js';
import { diffSides } from '../../src/diff/diff.js';
import { requestKey } from '../../src/diff/space.js';
import type { QueryRequest, Reply } from '../../src/diff/types.js';
import { semanticEqual, textEqual } from '../../src/oracle/agreement.js';
import { qmpReply } from '../../src/target/reply.js';
import type { Result, RunVerdict } from '../../src/target/types.js';
import type { RuleSetAst } from '../../src/target/s390x/parse/ast.js';
import { Random } from '../../src/util/random.js';
import { parseExpressions } from '../../src/whatif/ops.js';
import { whatIf } from '../../src/whatif/whatif.js';
import { fuzzRuns, fuzzSeed } from '../fuzz/mutate.js';

/**
 * The diff's claim ("these answers changed", "no answer changes") checked
 * against a brute-force recomputation: random rule edits of the built-in
 * s390x rules (set members, features, dependencies, environment rules,
 * definitions); the test enumerates the space on its own (every model bare
 * and with each property on and off, comparisons and baselines, VM starts,
 * every machine type, every shipped environment's host model and verdicts),
 * asks both rule sets through the engines directly, and compares.
 * CPUMODEL_FUZZ_RUNS scales the number of edits, CPUMODEL_SEED replays one.
 */
const base = openRules();
const PROFILE = 'qemu-10.0';
const ast = base.ast as RuleSetAst;

/** A random edit of the rules, as what-if expressions (some are no-ops: an edit and its revert). */
function randomEdit(rng: Random): string[] {
  const feature = () => rng.pick(ast.features).name.value;
  const level = () => { const g = rng.pick(ast.generations); return `GEN${g.gen.value}_GA${g.ga.value}`; };
  const kind = () => rng.pick(['base', 'default', 'full']);
  const dep = () => rng.pick(ast.dependencies);
  const edits: (() => string[])[] = [
    () => [`generations.${level()}.${kind()}+=${feature()}`],
    () => { const g = rng.pick(ast.generations.filter((x) => x.add.full.length > 0)); return [`generations.GEN${g.gen.value}_GA${g.ga.value}.full-=${rng.pick(g.add.full).value}`]; },
    () => [`dependencies.${feature()}+=${feature()}`],
    () => { const d = dep(); return [`dependencies.${d.feature.value}-=${d.requires.value}`]; },
    () => [`environment_rules+={id: fuzz-rule, when: {all: [{fact: ${rng.pick(['hypervisor', 'accelerator'])}, operator: equal, value: ${rng.pick(['lpar', 'zvm', 'kvm', 'tcg'])}}]}, unavailable: [${feature()}]}`],
    () => [`environment_rules-=${rng.pick(ast.envRules).id.value}`],
    () => [`features+={name: fuzzfeat, type: STFL, bit: 250}`, `generations.${level()}.full+=fuzzfeat`],
    () => [`definitions-=${rng.pick(ast.definitions.filter((d) => !d.since && !d.until)).name.value}`],
    // An edit and its revert (when the feature was not there already): no answer may change.
    () => { const x = `generations.${level()}.full`; const f = 'fuzzfeat'; return [`features+={name: ${f}, type: STFL, bit: 250}`, `${x}+=${f}`, `${x}-=${f}`, `features-=${f}`]; },
  ];
  return rng.pick(edits)();
}

type Model = { name: string; props?: Record<string, boolean> };
const req = (model: Model): ModelRequest => (model.props ? { name: model.name, props: Object.entries(model.props) } : { name: model.name });

/** A check-run answer is its verdict (runnable, warnings, error, unavailable), not its explanation (reasons, fix). */
function verdict(r: Result<RunVerdict>): Result<RunVerdict> {
  if (!r.ok) return r;
  const { reasons: _r, fix: _f, explanation: _e, ...rest } = r.value;
  return { ok: true, value: rest };
}

/** The test's own answer to a request of the space. */
function ask(engine: ArchEngine, r: QueryRequest): Reply {
  const a = r.arguments ?? {};
  switch (r.execute) {
    case 'query-cpu-definitions': return { return: engine.definitions() };
    case 'query-cpu-model-expansion': return qmpReply(engine.expand(req(a.model as Model), a.type as 'static' | 'full'), engine);
    case 'query-cpu-model-comparison': return qmpReply(engine.relations!.compare(req(a.modela as Model), req(a.modelb as Model)), engine);
    case 'query-cpu-model-baseline': return qmpReply(engine.relations!.baseline(req(a.modela as Model), req(a.modelb as Model)), engine);
    case 'realize': return qmpReply(engine.realize(req(a.model as Model)), engine);
    case 'check-run': return qmpReply(verdict(engine.checkRun(req(a.model as Model))), engine);
    case 'host-model': return { return: engine.hosts!.hostModel(a.type as 'static' | 'full') };
    default: throw new Error(`no such request ${r.execute}`);
  }
}

const same = (a: Reply, b: Reply) => semanticEqual(a, b) && textEqual(a, b);

/** The engine of a request's context on one side, or an error reply when it cannot be opened. */
async function contextEngine(rs: RuleSet, r: QueryRequest): Promise<ArchEngine | Reply> {
  const { machine, environment } = (r.arguments ?? {}) as { machine?: string; environment?: string };
  const opts = machine ? { machine } : {};
  const e = environment ? await rs.withEnvironment(environment, PROFILE, opts) : rs.engine(PROFILE, opts);
  return 'engine' in e ? e.engine : { error: { class: e.diagnostics[0]!.code, desc: e.diagnostics[0]!.message } };
}

async function answerOn(rs: RuleSet, r: QueryRequest, cache: Map<string, ArchEngine | Reply>): Promise<Reply> {
  const key = JSON.stringify([r.arguments?.machine, r.arguments?.environment]);
  if (!cache.has(key)) cache.set(key, await contextEngine(rs, r));
  const e = cache.get(key)!;
  return 'expand' in e ? ask(e, r) : e;
}

/** The space, enumerated independently of the diff's hooks. */
function enumerate(a: ArchEngine, b: ArchEngine, machines: string[]): QueryRequest[] {
  const models = b.modelNames().filter((m) => a.modelNames().includes(m));
  const props = [...new Set([...a.propertyNames(), ...b.propertyNames()])];
  const exp = (type: string, model: Model, extra = {}): QueryRequest => ({ execute: 'query-cpu-model-expansion', arguments: { type, model, ...extra } });
  const out: QueryRequest[] = [{ execute: 'query-cpu-definitions' }];
  for (const name of models) {
    out.push(exp('static', { name }), exp('full', { name }), { execute: 'realize', arguments: { model: { name } } });
    for (const p of props) for (const v of [true, false]) out.push(exp('static', { name, props: { [p]: v } }));
    for (const other of models) for (const execute of ['query-cpu-model-comparison', 'query-cpu-model-baseline']) out.push({ execute, arguments: { modela: { name }, modelb: { name: other } } });
  }
  for (const machine of machines) {
    out.push({ execute: 'query-cpu-definitions', arguments: { machine } });
    for (const name of models) out.push(exp('static', { name }, { machine }), exp('full', { name }, { machine }), { execute: 'realize', arguments: { model: { name }, machine } });
  }
  for (const environment of environmentNames('s390x')) {
    out.push({ execute: 'host-model', arguments: { type: 'static', environment } }, { execute: 'host-model', arguments: { type: 'full', environment } },
      { execute: 'query-cpu-definitions', arguments: { environment } }, ...models.map((name) => ({ execute: 'check-run', arguments: { model: { name }, environment } })));
  }
  return out;
}

const machineNames = (e: ArchEngine): string[] => {
  const l = e.listing('machines');
  return l && l.ok ? (l.value.json as { name: string }[]).map((m) => m.name).filter((n) => n !== 'none') : [];
};

describe('the diff\'s claim equals a brute-force recomputation (random rule edits)', () => {
  const seed = fuzzSeed(11);
  const rng = new Random(seed);
  const runs = fuzzRuns(2);
  for (let i = 0; i < runs; i++) {
    const edit = randomEdit(rng);
    it(`seed ${seed} #${i}: ${edit.join(' ')}`, async () => {
      const w = whatIf(base, parseExpressions(edit).ops);
      if (w.problems.length > 0 || !w.ruleSet.ok) return; // an edit the rules refuse: nothing to diff
      const s = await diffSides({ label: 'a', ruleSet: base, profile: PROFILE }, { label: 'b', ruleSet: w.ruleSet, profile: PROFILE });
      if ('diagnostics' in s) return;
      const claimed = new Set([...s.answers.changed.map((c) => c.request), ...s.answers.unlisted].map(requestKey));
      const [ea, eb] = [base.engine(PROFILE), w.ruleSet.engine(PROFILE)];
      if (!('engine' in ea) || !('engine' in eb)) throw new Error('no engine');
      const machines = machineNames(eb.engine).filter((m) => machineNames(ea.engine).includes(m));
      const [ca, cb] = [new Map(), new Map()];
      const changed = new Set<string>();
      const space = enumerate(ea.engine, eb.engine, machines);
      for (const r of space) if (!same(await answerOn(base, r, ca), await answerOn(w.ruleSet, r, cb))) changed.add(requestKey(r));
      // Every answer that changed is claimed; every claimed change in this space did change.
      const inSpace = new Set(space.map(requestKey));
      expect([...changed].filter((k) => !claimed.has(k))).toEqual([]);
      expect([...claimed].filter((k) => inSpace.has(k) && !changed.has(k))).toEqual([]);
      expect(claimed.size === 0).toBe(changed.size === 0 && [...claimed].every((k) => inSpace.has(k)));
    }, 120_000);
  }
});
