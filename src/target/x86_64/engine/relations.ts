/**
 * x86 comparison and baseline (QEMU has neither on x86; the semantics are
 * cpumodel's own, README "x86 comparison and baseline"): models compared by
 * their expanded features and vendor; the baseline is the intersection,
 * written as the named model that describes it best plus props.
 *   responsible(f) :- f on in exactly one of A, B.      responsible(vendor) :- vendor(A) ≠ vendor(B).
 *   common(f) :- on(A, f), on(B, f), every dependency row of f has a prerequisite in common.
 *   candidate(M) :- named(M), vendor(M) = vendor(A), features(M) ⊆ common.
 *   best = argmax over candidates of (|features(M)|, definition index, version, name kind).
 */
import { because, type Because } from '../../../explain/because.js';
import { fail, ok, type Result } from '../../result.js';
import type { ComparisonInfo, CompareResult, ModelInfo, ModelRequest, PropEntry, PropOrder, Relations } from '../../types.js';
import type { ClassIR } from '../compile/ir.js';
import type { X86Engine } from './engine.js';
import { explainTracedFeature, tracedOf } from './explain.js';
import { resolvedVersion } from './instance.js';
import { hasAll, isSet, type CpuState } from './state.js';

/** A model as compared: its features on (by index, ascending) and its vendor. */
export interface Side { features: number[]; vendor: string }

export function sideOf(engine: X86Engine, req: ModelRequest, order: PropOrder = 'qmp'): Result<Side> {
  const plain = req.props === undefined || (Array.isArray(req.props) && req.props.length === 0);
  const known = plain ? candidateOf(engine, req.name) : null;
  return known ? ok(known.side) : expandedSide(engine, req, order);
}

function expandedSide(engine: X86Engine, req: ModelRequest, order: PropOrder): Result<Side> {
  const built = engine.expanded(req, order);
  return built.ok ? ok(stateSide(engine, built.value.state)) : built;
}

/** The side of an expanded instance. */
function stateSide(engine: X86Engine, s: CpuState): Side {
  const vendor = engine.core.roles.vendor === undefined ? '' : String(s.values[engine.core.roles.vendor]);
  const features: number[] = [];
  for (const f of engine.rules.features) if (hasAll(s.f, f.parts)) features.push(f.index);
  return { features, vendor };
}

/** a \ b over feature indices (flags instead of a Set: these run for every comparison and baseline). */
function minus(a: readonly number[], b: readonly number[]): number[] {
  let top = 0;
  for (const x of b) top = Math.max(top, x);
  const inB = new Uint8Array(top + 1);
  for (const x of b) inB[x] = 1;
  return a.filter((x) => inB[x] !== 1);
}

export function compareSides(engine: X86Engine, a: Side, b: Side): ComparisonInfo {
  const onlyA = minus(a.features, b.features);
  const onlyB = minus(b.features, a.features);
  const vendor = a.vendor !== b.vendor;
  const result: CompareResult = vendor || (onlyA.length && onlyB.length) ? 'incompatible' : onlyA.length ? 'superset' : onlyB.length ? 'subset' : 'identical';
  const names = [...onlyA, ...onlyB].sort((x, y) => x - y).map((i) => engine.rules.features[i]!.name);
  return { result, 'responsible-properties': [...names, ...(vendor ? ['vendor'] : [])] };
}

/** Features of the intersection whose dependency rows need a prerequisite it lacks (QEMU would clear them), to a fixpoint. */
export function dependencyClosed(engine: X86Engine, common: readonly number[]): { kept: number[]; dropped: { feature: number; needs: number[] }[] } {
  const kept = new Set(common);
  const position = new Map([...kept].map((f, i) => [f, i]));
  const clears = clearedFeatures(engine);
  const dropped: { feature: number; needs: number[] }[] = [];
  for (let changed = true; changed;) {
    changed = false;
    engine.rules.dependencies.forEach((d, i) => {
      if (d.ifNoneFeatures.some((p) => kept.has(p))) return;
      for (const f of clears[i]!.filter((x) => kept.has(x)).sort((x, y) => position.get(x)! - position.get(y)!)) {
        kept.delete(f);
        dropped.push({ feature: f, needs: d.ifNoneFeatures });
        changed = true;
      }
    });
  }
  return { kept: common.filter((f) => kept.has(f)), dropped };
}

/** For each dependency row, the features with a bit it clears; made once per engine. */
const clearedCache = new WeakMap<X86Engine, number[][]>();

function clearedFeatures(engine: X86Engine): number[][] {
  let out = clearedCache.get(engine);
  if (!out) {
    out = engine.rules.dependencies.map((d) => {
      const bits = new Set(d.clearBits);
      return engine.rules.features.filter((f) => f.bits.some((b) => bits.has(b))).map((f) => f.index);
    });
    clearedCache.set(engine, out);
  }
  return out;
}

interface Candidate { cls: ClassIR; side: Side; def: number; version: number; kind: number }

/** Every named model's expansion, once per engine. */
/** Named models' expansions, each made on first use, once per engine. */
const candidateCache = new WeakMap<X86Engine, Map<string, Candidate | null>>();
const allCache = new WeakMap<X86Engine, Candidate[]>();

function candidateOf(engine: X86Engine, name: string): Candidate | null {
  let cache = candidateCache.get(engine);
  if (!cache) candidateCache.set(engine, (cache = new Map()));
  let c = cache.get(name);
  if (c === undefined) cache.set(name, (c = expandedCandidate(engine, engine.classOf(name))));
  return c;
}

function expandedCandidate(engine: X86Engine, cls: ClassIR | undefined): Candidate | null {
  if (cls?.definition === undefined) return null;
  const side = expandedSide(engine, { name: cls.name }, 'qmp');
  if (!side.ok) return null;
  const v = resolvedVersion(engine.core, cls, engine.rules.definitions[cls.definition]!);
  const kind = cls.version === 'auto' ? 0 : cls.isAlias ? 1 : 2;
  return { cls, side: side.value, def: cls.definition, version: v === 'legacy' ? 0 : v, kind };
}

/** Every named model's expansion, best first (README rules 1–5; a stable sort keeps the classes' order on ties): a baseline takes the first that fits. */
function candidates(engine: X86Engine): Candidate[] {
  let out = allCache.get(engine);
  if (!out) {
    out = engine.rules.classes.flatMap((cls) => candidateOf(engine, cls.name) ?? []);
    out.sort((x, y) => y.side.features.length - x.side.features.length || y.def - x.def || y.version - x.version || x.kind - y.kind);
    allCache.set(engine, out);
  }
  return out;
}

/**
 * The features the model with props switching on the rest of `common` has
 * that neither the model alone nor `common` has: a dependency row clears
 * table features while their prerequisite is off (a model's vmx-* without
 * `vmx`), and a prop that switches the prerequisite on brings them back.
 * The baseline switches them off again.
 */
function revived(engine: X86Engine, c: Candidate | undefined, name: string, common: readonly number[]): number[] {
  const extra = minus(common, c?.side.features ?? []);
  const built = engine.expanded({ name, props: extra.map((f): PropEntry => [engine.rules.features[f]!.name, true]) }, 'qmp');
  const plain = engine.expanded({ name }, 'qmp');
  if (!built.ok || !plain.ok) return [];
  const keep = new Set(common);
  const on = (s: Uint32Array, f: number) => engine.rules.features[f]!.bits.every((b) => isSet(s, b));
  return engine.rules.features.filter((f) => !keep.has(f.index) && on(built.value.state.f, f.index) && !on(plain.value.state.f, f.index)).map((f) => f.index);
}

/** The named model that describes `common` best (README rules 1–5), or undefined when none fits. */
export function bestModel(engine: X86Engine, vendor: string, common: readonly number[]): Candidate | undefined {
  const set = new Set(common);
  return candidates(engine).find((c) => c.side.vendor === vendor && c.side.features.every((f) => set.has(f)));
}

/** `off`: the model's table features a switched-on prerequisite brings back, switched off again. */
export interface BaselineParts { model: ModelInfo; common: number[]; dropped: { feature: number; needs: number[] }[]; chosen?: Candidate; vendor: string; off: number[] }

export function baselineSides(engine: X86Engine, a: Side, b: Side): Result<BaselineParts> {
  if (a.vendor !== b.vendor) return fail({ code: 'not-supported', desc: `the models' vendors differ (${a.vendor}, ${b.vendor}): no model runs as both` });
  const inB = new Set(b.features);
  const { kept, dropped } = dependencyClosed(engine, a.features.filter((f) => inB.has(f)));
  const chosen = bestModel(engine, a.vendor, kept);
  const name = chosen?.cls.name ?? 'base';
  const extra = minus(kept, chosen?.side.features ?? []);
  const off = revived(engine, chosen, name, kept);
  const props = Object.fromEntries([...extra.map((f) => [engine.rules.features[f]!.name, true]), ...off.map((f) => [engine.rules.features[f]!.name, false])]);
  return ok({ model: { name, props }, common: kept, dropped, ...(chosen ? { chosen } : {}), vendor: a.vendor, off });
}

/**
 * The baseline of any number of host models at once: the intersection is
 * associative, so it is taken over bitsets and the model chosen once.
 */
export function clusterSides(engine: X86Engine, sides: readonly Side[]): Result<BaselineParts> {
  if (sides.length === 0) return fail({ code: 'not-supported', desc: 'a cluster needs at least one host' });
  const vendor = sides[0]!.vendor;
  const odd = sides.find((x) => x.vendor !== vendor);
  if (odd) return fail({ code: 'not-supported', desc: `the hosts' vendors differ (${vendor}, ${odd.vendor}): no model runs on all of them` });
  const n = engine.rules.features.length;
  const common = new Uint8Array(n).fill(1);
  const seen = new Uint8Array(n);
  for (const x of sides) {
    seen.fill(0);
    for (const f of x.features) seen[f] = 1;
    for (let f = 0; f < n; f++) common[f]! &= seen[f]!;
  }
  const all: Side = { vendor, features: [...common.keys()].filter((f) => common[f]) };
  return baselineSides(engine, all, all);
}

/** A model answer (a baseline) as a request. */
export const asRequest = (m: ModelInfo): ModelRequest => ({ name: m.name, props: Object.entries(m.props ?? {}) as PropEntry[] });

function baseline(engine: X86Engine, a: ModelRequest, b: ModelRequest, order?: PropOrder): Result<BaselineParts> {
  const sa = sideOf(engine, a, order);
  if (!sa.ok) return sa;
  const sb = sideOf(engine, b, order);
  return sb.ok ? baselineSides(engine, sa.value, sb.value) : sb;
}

/** Each side is expanded with its trace once; every responsible feature is explained against both. */
function explainComparison(engine: X86Engine, a: ModelRequest, b: ModelRequest, order: PropOrder = 'qmp'): Result<Because> {
  const ta = tracedOf(engine, a, order);
  if (!ta.ok) return ta;
  const tb = tracedOf(engine, b, order);
  if (!tb.ok) return tb;
  const [sa, sb] = [stateSide(engine, ta.value.state), stateSide(engine, tb.value.state)];
  const info = compareSides(engine, sa, sb);
  const inA = new Uint8Array(engine.rules.features.length);
  for (const f of sa.features) inA[f] = 1;
  const premises = info['responsible-properties'].map((p) => {
    if (p === 'vendor') return because(`the vendors differ: \`${a.name}\` is ${sa.vendor}, \`${b.name}\` is ${sb.vendor}`);
    const f = engine.rules.features[engine.rules.featureIndex.get(p)!]!;
    const side = inA[f.index] ? 'A' : 'B';
    const [has, lacks] = side === 'A' ? [ta.value, tb.value] : [tb.value, ta.value];
    return because(`\`${p}\` is on only in \`${has.req.name}\``, undefined, [explainTracedFeature(engine, has, f), explainTracedFeature(engine, lacks, f)],
      { kind: 'only-in', side, prop: p });
  });
  return ok(because(`\`${a.name}\` vs \`${b.name}\`: ${info.result}`, undefined, premises));
}

function explainBaseline(engine: X86Engine, a: ModelRequest, b: ModelRequest, order?: PropOrder): Result<Because> {
  const r = baseline(engine, a, b, order);
  if (!r.ok) return r;
  const { model, common, dropped, chosen } = r.value;
  const name = (i: number) => engine.rules.features[i]!.name;
  const premises = [
    because(`the two models share ${common.length} features (vendor ${r.value.vendor})`),
    ...dropped.map((d) => because(`\`${name(d.feature)}\` is left out: it needs one of ${d.needs.map((n) => `\`${name(n)}\``).join(', ')}, which the models do not share`)),
    chosen ? because(`\`${chosen.cls.name}\` is the ${r.value.vendor} model that covers most of them (${chosen.side.features.length}) and needs nothing else`, chosen.cls.rule)
      : because('no named model fits inside the shared features: the result is `base`'),
    because(`props switch on the ${Object.values(model.props ?? {}).filter((v) => v === true).length} shared features \`${model.name}\` lacks`),
    ...(r.value.off.length ? [because(`props switch off ${r.value.off.map((f) => `\`${name(f)}\``).join(', ')}: \`${model.name}\`'s table has them, a switched-on prerequisite brings them back, and the models do not share them`)] : []),
  ];
  return ok(because(`the baseline of \`${a.name}\` and \`${b.name}\` is \`${model.name}\` with ${Object.keys(model.props ?? {}).length} props`, undefined, premises));
}

/** x86's relations: cpumodel's own (QEMU answers the QMP commands with CommandNotFound here). */
export function x86Relations(engine: X86Engine): Relations {
  const fold = (models: readonly ModelRequest[], order?: PropOrder): Result<{ model: ModelInfo }> => {
    let acc = models[0]!;
    let out: ModelInfo | undefined;
    for (const next of models.slice(1)) {
      const r = baseline(engine, acc, next, order);
      if (!r.ok) return r;
      out = r.value.model;
      acc = asRequest(out);
    }
    return ok({ model: out ?? { name: acc.name } });
  };
  return {
    native: false,
    compare(a, b, order) {
      const sa = sideOf(engine, a, order);
      if (!sa.ok) return sa;
      const sb = sideOf(engine, b, order);
      return sb.ok ? ok(compareSides(engine, sa.value, sb.value)) : sb;
    },
    baseline: (a, b, order) => { const r = baseline(engine, a, b, order); return r.ok ? ok({ model: r.value.model }) : r; },
    baselineAll: fold,
    explainComparison: (a, b, order) => explainComparison(engine, a, b, order),
    explainBaseline: (a, b, order) => explainBaseline(engine, a, b, order),
    comparisonRows(a, b, order) {
      const sa = sideOf(engine, a, order);
      if (!sa.ok) return sa;
      const sb = sideOf(engine, b, order);
      if (!sb.ok) return sb;
      const names = (xs: number[]) => xs.map((i) => engine.rules.features[i]!.name).join(' ') || '—';
      return ok([['only in A', names(minus(sa.value.features, sb.value.features))], ['only in B', names(minus(sb.value.features, sa.value.features))],
        ['vendor', sa.value.vendor === sb.value.vendor ? sa.value.vendor : `${sa.value.vendor} / ${sb.value.vendor}`]]);
    },
  };
}
