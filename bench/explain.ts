/**
 * 5. Explanations: latency of explainFeature / explainComparison /
 * explainBaseline over random questions (random models and props), for each
 * architecture, through the interface the CLI's `--explain` uses
 * (ArchEngine.explainFeature and its Relations). Questions are drawn before
 * the clock starts; each answer builds its models from the requests. Each
 * kind runs 5 rounds over the same questions; the median round is reported.
 * Run alone: npx tsx bench/explain.ts
 */
import { builtinEngine, type ArchEngine, type ModelRequest, type PropEntry } from '../src/index.js';
import { Random } from '../src/util/random.js';
import { ms, now, summary, textTable, type Row } from './lib/stats.js';

const SEED = 20261124;
const PROFILE = 'qemu-10.0';

/**
 * Each model's features (the boolean properties of its full expansion that the
 * model accepts switched on), every boolean property of any model, and those
 * explainFeature accepts.
 */
interface Vocabulary { names: string[]; features: Map<string, string[]>; all: string[]; explainable: string[] }

function vocabulary(engine: ArchEngine): Vocabulary {
  const names = engine.modelNames();
  const features = new Map(names.map((name) => {
    const r = engine.expand({ name }, 'full');
    const props = r.ok ? Object.entries(r.value.model.props ?? {}) : [];
    const fits = ([k, v]: [string, unknown]) => v === true || engine.expand({ name, props: [[k, true]] }, 'full').ok;
    return [name, props.filter(([, v]) => typeof v === 'boolean').filter(fits).map(([k]) => k)];
  }));
  const all = [...new Set(names.flatMap((name) => {
    const r = engine.expand({ name }, 'full');
    return r.ok ? Object.entries(r.value.model.props ?? {}).filter(([, v]) => typeof v === 'boolean').map(([k]) => k) : [];
  }))];
  const explainable = all.filter((f) => engine.explainFeature({ name: names[0]! }, f, 'qmp').ok);
  return { names, features, all, explainable };
}

/** A model, plain or with 1-5 props: mostly features of its full expansion (valid), some of any model's. */
function request(v: Vocabulary, rng: Random): ModelRequest {
  const name = rng.pick(v.names);
  const own = v.features.get(name)!;
  if (rng.chance(0.4) || own.length === 0) return { name };
  const pick = () => (rng.chance(0.9) ? rng.pick(own) : rng.pick(v.all));
  return { name, props: Array.from({ length: 1 + rng.int(5) }, (): PropEntry => [pick(), rng.chance(0.5)]) };
}

type Question = () => { ok: boolean };

function questions(engine: ArchEngine, count: number): [string, Question[]][] {
  const rng = new Random(SEED);
  const v = vocabulary(engine);
  const rel = engine.relations!;
  const many = (ask: () => Question) => Array.from({ length: count }, ask);
  return [
    ['explainFeature', many(() => { const [r, f] = [request(v, rng), rng.pick(v.explainable)]; return () => engine.explainFeature(r, f, 'qmp'); })],
    ['explainComparison', many(() => { const [a, b] = [request(v, rng), request(v, rng)]; return () => rel.explainComparison(a, b, 'qmp'); })],
    ['explainBaseline', many(() => { const [a, b] = [request(v, rng), request(v, rng)]; return () => rel.explainBaseline(a, b, 'qmp'); })],
  ];
}

/** Rounds over the same questions: the row reports the round with the median p99 (the machine is shared; single rounds vary ×2–×5). */
const ROUNDS = 5;

function measure(arch: string, kind: string, asks: readonly Question[]): Row {
  for (const ask of asks.slice(0, 300)) ask(); // warm up
  let answered = 0;
  const rounds = Array.from({ length: ROUNDS }, () => {
    const samples: number[] = [];
    answered = 0;
    for (const ask of asks) {
      const t = now();
      const r = ask();
      samples.push(now() - t);
      if (r.ok) answered++;
    }
    return summary(samples);
  }).sort((x, y) => x.p99 - y.p99);
  const s = rounds[ROUNDS >> 1]!;
  const max = Math.max(...rounds.map((r) => r.max));
  return {
    section: '5', what: `${arch} ${kind}, ${asks.length} random questions (${Math.round((answered / asks.length) * 100)}% valid), median of ${ROUNDS} rounds: p99 (p50 ${ms(s.median)}, max ${ms(max)})`,
    cpumodel: ms(s.p99), reference: '', ratio: '', target: 'p99 < 200 µs', met: s.p99 < 0.2,
  };
}

export function explainRows(perKind = 3000): Row[] {
  return ['s390x', 'x86_64'].flatMap((arch) => {
    const engine = builtinEngine(PROFILE, { arch });
    return questions(engine, perKind).map(([kind, asks]) => measure(arch, kind, asks));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(textTable(explainRows()));
