/**
 * x86 comparison and baseline (cpumodel's own semantics, README "x86
 * comparison and baseline"), checked against an independent oracle: each
 * model's full expansion as query-cpu-model-expansion answers it. Over every
 * ordered pair of named models and seeded random requests, for both profiles:
 * comparison agrees with the subset relation of the expansions; the baseline's
 * expansion is exactly the common features (minus what a dependency row would
 * clear), it runs wherever both inputs run, and its model is one the README's
 * rules choose.
 */
import { describe, expect, it } from 'vitest';
import { builtinEngine, type ArchEngine, type ModelRequest, type PropEntry } from '../../src/index.js';
import { Random } from '../../src/util/random.js';

const SEED = Number(process.env.CPUMODEL_SEED ?? 20261202);

interface View { features: Set<string>; vendor: string }

/** The oracle: what query-cpu-model-expansion (full) says is on, and the vendor. */
function view(engine: ArchEngine, req: ModelRequest): View {
  const x = engine.expand(req, 'full', 'as-given');
  if (!x.ok) throw new Error(`${req.name}: ${x.error.code}`);
  const props = x.value.model.props ?? {};
  const features = new Set(featureNames(engine).filter((f) => props[f] === true));
  return { features, vendor: String(props.vendor) };
}

const namesCache = new WeakMap<ArchEngine, string[]>();
function featureNames(engine: ArchEngine): string[] {
  let names = namesCache.get(engine);
  if (!names) {
    const l = engine.listing('features')!;
    names = l.ok ? l.value.rows.map((r) => r[0]!) : [];
    namesCache.set(engine, names);
  }
  return names;
}

const subset = (a: Set<string>, b: Set<string>) => [...a].every((f) => b.has(f));

function expectedResult(a: View, b: View): string {
  if (a.vendor !== b.vendor) return 'incompatible';
  const ab = subset(a.features, b.features), ba = subset(b.features, a.features);
  return ab && ba ? 'identical' : ab ? 'subset' : ba ? 'superset' : 'incompatible';
}

/** Views and run verdicts, remembered by request (the same baselines come back for many pairs). */
function memo(engine: ArchEngine) {
  const views = new Map<string, View>();
  const runs = new Map<string, boolean>();
  const key = (r: ModelRequest) => JSON.stringify(r);
  return {
    view: (r: ModelRequest) => { const k = key(r); let v = views.get(k); if (!v) views.set(k, (v = view(engine, r))); return v; },
    runs: (r: ModelRequest) => {
      const k = key(r);
      let v = runs.get(k);
      if (v === undefined) { const c = engine.checkRun(r, 'as-given'); runs.set(k, (v = c.ok && c.value.runnable)); }
      return v;
    },
  };
}

function checkPair(engine: ArchEngine, a: ModelRequest, b: ModelRequest, named: Map<string, View>, m: ReturnType<typeof memo>): string | null {
  const rel = engine.relations!;
  const [va, vb] = [m.view(a), m.view(b)];
  const cmp = rel.compare(a, b, 'as-given');
  if (!cmp.ok) return `compare failed: ${cmp.error.code}`;
  if (cmp.value.result !== expectedResult(va, vb)) return `compare ${cmp.value.result}, expected ${expectedResult(va, vb)}`;
  const differ = [...va.features].filter((f) => !vb.features.has(f)).concat([...vb.features].filter((f) => !va.features.has(f)));
  const responsible = cmp.value['responsible-properties'].filter((p) => p !== 'vendor');
  if (responsible.length !== differ.length || differ.some((f) => !responsible.includes(f))) return `responsible ${responsible.join(' ')} ≠ ${differ.join(' ')}`;
  const base = rel.baseline(a, b, 'as-given');
  if (va.vendor !== vb.vendor) return base.ok ? 'baseline across vendors did not fail' : null;
  if (!base.ok) return `baseline failed: ${base.error.code}`;
  const req: ModelRequest = { name: base.value.model.name, props: Object.entries(base.value.model.props ?? {}) as PropEntry[] };
  const got = m.view(req);
  const common = [...va.features].filter((f) => vb.features.has(f));
  // Exactly the common features, except ones a dependency row clears (the explanation names them).
  const missing = common.filter((f) => !got.features.has(f));
  const extra = [...got.features].filter((f) => !va.features.has(f) || !vb.features.has(f));
  if (extra.length) return `baseline adds ${extra.join(' ')}`;
  if (missing.length) {
    const why = rel.explainBaseline(a, b, 'as-given');
    const text = why.ok ? JSON.stringify(why.value) : '';
    if (missing.some((f) => !text.includes(`\`${f}\` is left out`))) return `baseline loses ${missing.join(' ')} without saying why`;
  }
  // Rule 2 and 3: the chosen model fits inside, and no fitting model of the same vendor covers more.
  const chosen = named.get(base.value.model.name);
  if (chosen) {
    if (!subset(chosen.features, got.features)) return `${base.value.model.name} needs features outside the baseline`;
    const better = [...named].find(([, v]) => v.vendor === va.vendor && subset(v.features, got.features) && v.features.size > chosen.features.size);
    if (better) return `${better[0]} covers more than ${base.value.model.name}`;
  }
  // It runs wherever both inputs run (here: the engine's accelerator).
  if (m.runs(a) && m.runs(b) && !m.runs(req)) return 'baseline does not run where both inputs run';
  return null;
}

for (const profile of ['qemu-7.2', 'qemu-10.0']) {
  describe(`x86 relations, ${profile}`, () => {
    const engine = builtinEngine(profile, { arch: 'x86_64' });
    const models = engine.modelNames().filter((m) => !['host', 'max', 'base'].includes(m));
    const named = new Map(models.map((m) => [m, view(engine, { name: m })]));
    const m = memo(engine);

    it(`every ordered pair of the ${models.length} named models`, () => {
      const wrong: string[] = [];
      for (const a of models) for (const b of models) {
        const w = checkPair(engine, { name: a }, { name: b }, named, m);
        if (w) wrong.push(`${a} / ${b}: ${w}`);
      }
      expect(wrong.slice(0, 10), `${wrong.length} pairs wrong`).toEqual([]);
    }, 240_000);

    it(`random requests (seed ${SEED}): models with features switched, max included`, () => {
      const rng = new Random(SEED);
      const features = featureNames(engine);
      const pick = (): ModelRequest => ({ name: rng.pick([...models, 'max']), props: Array.from({ length: rng.int(6) }, () => [rng.pick(features), rng.chance(0.5)] as PropEntry) });
      const wrong: string[] = [];
      for (let i = 0; i < 400; i++) {
        const [a, b] = [pick(), pick()];
        const w = checkPair(engine, a, b, named, m);
        if (w) wrong.push(`${JSON.stringify(a)} / ${JSON.stringify(b)}: ${w}`);
      }
      expect(wrong.slice(0, 5), `${wrong.length} wrong`).toEqual([]);
    }, 120_000);

    it('check-run\'s fix: the closest model of every named model that cannot run under TCG runs, and keeps every feature both have', () => {
      const wrong: string[] = [];
      const max = m.view({ name: 'max', props: [['migratable', false]] });
      for (const name of models) {
        const v = engine.checkRun({ name }, 'as-given');
        if (!v.ok || v.value.runnable) continue;
        const closest = v.value.fix?.closest;
        if (!closest) { wrong.push(`${name}: no closest model`); continue; }
        const req: ModelRequest = { name: closest.name, props: Object.entries(closest.props ?? {}) as PropEntry[] };
        if (!m.runs(req)) wrong.push(`${name}: ${closest.name} does not run`);
        const got = m.view(req).features;
        const lost = [...named.get(name)!.features].filter((f) => max.features.has(f) && !got.has(f));
        if (lost.length) wrong.push(`${name}: the closest model loses ${lost.join(' ')}`);
      }
      expect(wrong.slice(0, 10), `${wrong.length} wrong`).toEqual([]);
    }, 60_000);

    it('QMP keeps QEMU\'s CommandNotFound; the x- commands exist only on request', async () => {
      const { createQmpSession } = await import('../../src/server/qmp-server.js');
      const ask = (x: boolean, line: string) => {
        const s = createQmpSession(engine, 't', { xRelations: x });
        s.onInput('{"execute": "qmp_capabilities"}\n');
        return s.onInput(`${line}\n`)[0]!;
      };
      const pair = '"arguments": {"modela": {"name": "Haswell"}, "modelb": {"name": "Skylake-Client"}}';
      expect(ask(true, `{"execute": "query-cpu-model-comparison", ${pair}}`)).toContain('CommandNotFound');
      expect(ask(false, `{"execute": "x-query-cpu-model-comparison", ${pair}}`)).toContain('CommandNotFound');
      expect(ask(true, `{"execute": "x-query-cpu-model-comparison", ${pair}}`)).toContain('"result": "subset"');
      expect(ask(true, `{"execute": "x-query-cpu-model-baseline", ${pair}}`)).toContain('"name": "Haswell"');
      expect(ask(false, '{"execute": "query-commands"}')).not.toContain('x-query-cpu-model');
      expect(ask(true, '{"execute": "query-commands"}')).toContain('x-query-cpu-model-baseline');
    });
  });
}
