import { because, type Because } from '../../../explain/because.js';
import { fail, ok, type Result } from '../../result.js';
import type { ModelError, ModelRequest, PropOrder } from '../../types.js';
import type { FeatureIR } from '../compile/ir.js';
import type { X86Engine } from './engine.js';
import { expandFeatures } from './expand.js';
import { bitName, filterUnsupported } from './filter.js';
import { hasAll, isSet, Trace, type BitStep, type CpuState } from './state.js';

export { explainError } from './explain-error.js';

const onOff = (v: boolean) => (v ? 'on' : 'off');
const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export function describeRequest(req: ModelRequest): string {
  const props = Array.isArray(req.props) ? req.props.map(([k, v]) => `${k}=${typeof v === 'boolean' ? onOff(v) : String(v)}`) : [];
  return [req.name, ...props].join(',');
}

function stepBecause(step: BitStep, feature: string): Because {
  return because(step.cause.valued ? step.cause.text : `${step.cause.text}: ${onOff(step.value)}`, step.cause.rule, [], { kind: 'feature', feature, value: step.value });
}

/** The accelerator's side: can it provide the feature (what query-cpu-definitions checks)? */
function availability(engine: X86Engine, f: FeatureIR): Because {
  const { accel } = engine.rules;
  if (f.bits.every((b) => accel.supported.has(b))) return because(`${accel.label} can provide \`${f.name}\``, accel.supportRule[f.bits[0]!]);
  return because(`${accel.label} cannot provide \`${f.name}\`: a model with it lists it in unavailable-features`, accel.rule, [], { kind: 'unavailable', prop: f.name });
}

/** How deep explanations follow a dependency row to its prerequisites. */
const PREREQUISITE_DEPTH = 4;

/** Why max/host did not switch a feature on by itself. */
function notAutoenabled(engine: X86Engine, f: FeatureIR, s: CpuState): Because {
  const { rules, core } = engine;
  const b = f.bits[0]!;
  const rule = rules.flagRule[b];
  if (!rules.accel.supported.has(b)) return because(`${rules.accel.label} cannot provide \`${f.name}\`, so \`max\` does not enable it`, rules.accel.rule);
  if (rules.noAutoenable.has(b)) return because(`\`${f.name}\` is no-autoenable: \`max\` never enables it by itself`, rule);
  const migratableOn = core.roles.migratable === undefined || s.values[core.roles.migratable] !== false;
  if (migratableOn && !rules.migratable.has(b)) return because(`\`${f.name}\` is unmigratable and \`migratable\` is on`, rule);
  return because(`the request set \`${f.name}\` itself, so \`max\` leaves it alone`);
}

function explainBits(engine: X86Engine, t: Traced, name: string, f: FeatureIR, depth = 0): Because {
  const { req, state: s, trace } = t;
  const value = hasAll(s.f, f.parts);
  const steps = trace.history(f.bits);
  const alias = name === f.name ? '' : ` (\`${name}\` is an alias of \`${f.name}\`)`;
  const last = steps[steps.length - 1];
  const deciding = last ? ` because ${last.cause.text}` : ': nothing in the rules sets it';
  const premises = steps.map((st) => stepBecause(st, f.name));
  if (last?.cause.absent && depth < PREREQUISITE_DEPTH) {
    for (const p of last.cause.absent) {
      const pf = engine.rules.features[p]!;
      premises.push(explainBits(engine, t, pf.name, pf, depth + 1));
    }
  }
  if (!steps.length) premises.push(because(`\`${req.name}\` starts without \`${f.name}\``, engine.classOf(req.name)!.rule, [], { kind: 'feature', feature: f.name, value: false }));
  if (!value && engine.classOf(req.name)!.special?.autoenable) premises.push(notAutoenabled(engine, f, s));
  if (value) premises.push(availability(engine, f));
  return because(`\`${f.name}\` is ${onOff(value)} in \`${t.label}\`${alias}${deciding}`, last?.cause.rule, premises, { kind: 'feature', feature: f.name, value });
}

function explainProp(engine: X86Engine, { label, state: s, trace }: Traced, index: number): Because {
  const p = engine.rules.properties[index]!;
  const steps = trace.propSteps.filter((x) => x.prop === index);
  const premises = steps.map((x) => because(x.cause.valued ? x.cause.text : `${x.cause.text}: ${show(x.value)}`, x.cause.rule));
  if (!steps.length) premises.push(because(`QOM's default value: ${show(p.initial)}`, p.rule));
  const last = steps[steps.length - 1];
  return because(`\`${p.name}\` is ${show(s.values[index])} in \`${label}\``, last?.cause.rule ?? p.rule, premises);
}

/** Why a feature (or another property) has its value after expansion, citing each rule that set it. */
export function explainFeature(engine: X86Engine, req: ModelRequest, name: string, order: PropOrder): Result<Because> {
  const target = engine.rules.lookup.get(name);
  if (!target) return fail<Because>({ code: 'property-not-found', typename: `${req.name}-x86_64-cpu`, key: name } satisfies ModelError);
  const traced = tracedOf(engine, req, order);
  if (!traced.ok) return traced;
  if (target.kind === 'prop') return ok(explainProp(engine, traced.value, target.index));
  return ok(explainBits(engine, traced.value, name, engine.rules.features[target.index]!));
}

/** A request expanded with its trace, and its text: what explanations of its features share. */
export interface Traced { req: ModelRequest; label: string; state: CpuState; trace: Trace }

export function tracedOf(engine: X86Engine, req: ModelRequest, order: PropOrder): Result<Traced> {
  const trace = new Trace();
  const built = engine.expanded(req, order, trace);
  return built.ok ? ok({ req, label: describeRequest(req), state: built.value.state, trace }) : built;
}

/** Why a feature has its value in a request already expanded (a comparison explains each responsible feature on both sides). */
export const explainTracedFeature = (engine: X86Engine, traced: Traced, f: FeatureIR): Because => explainBits(engine, traced, f.name, f);

/** Each entry of a model's unavailable-features with the rule that makes the accelerator lack it and the one that put it in the model. */
export function explainUnavailable(engine: X86Engine, name: string): Because | null {
  const cls = engine.classOf(name);
  if (!cls) return null;
  const needs = cls.special?.needsAccelerator;
  if (needs && needs !== engine.rules.accel.name) return because(`\`${name}\` lists \`${needs}\` as unavailable: it needs the ${needs} accelerator`, cls.rule, [], { kind: 'unavailable', prop: needs });
  const { rules, core } = engine;
  const trace = new Trace();
  const s = engine.instance(cls, trace);
  expandFeatures(core, cls, s, trace);
  const early = s.filtered.slice();
  filterUnsupported(rules, s);
  const premises: Because[] = [];
  for (const bit of [...Array(rules.width).keys()].filter((b) => isSet(s.filtered, b))) {
    const n = bitName(rules, bit);
    const steps = trace.history([bit]);
    const set = [...steps].reverse().find((x) => x.value);
    const origin = set ? [because(set.cause.valued ? set.cause.text : `${set.cause.text}: on`, set.cause.rule)] : [];
    if (isSet(early, bit)) {
      const drop = steps[steps.length - 1]!;
      premises.push(because(`\`${n}\`: ${drop.cause.text}`, drop.cause.rule, origin, { kind: 'unavailable', prop: n }));
    } else {
      premises.push(because(`\`${n}\`: ${rules.accel.label} cannot provide it`, rules.accel.rule, origin, { kind: 'unavailable', prop: n }));
    }
  }
  const title = premises.length ? `\`${name}\` has ${premises.length} unavailable features under ${rules.accel.label}` : `\`${name}\` runs under ${rules.accel.label}: nothing is unavailable`;
  return because(title, cls.rule, premises);
}
