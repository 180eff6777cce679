/**
 * How to make a model run where it cannot: the closest model that runs there
 * (the baseline of the model with `max`: the host model, or TCG's maximum
 * model) and the smallest set of props to switch off.
 */
import type { RunFix } from '../../types.js';
import type { CpuModel } from './catalog.js';
import { compareGeneration } from './compare.js';
import { compress } from './compress.js';
import type { Engine, ModelRequest } from './engine.js';
import { staticInfo } from './expand.js';
import { describeRequest } from './explain-feature.js';
import { closureOf } from './lint.js';

/** Does the model pass the realize-time checks against `max`? */
export function runsOn(engine: Engine, model: CpuModel): boolean {
  return compareGeneration(model.def, engine.max.def) !== 'superset' && engine.max.features.containsAll(model.features);
}

/** The model as a request: its static expansion (`<def>-base` plus props). */
export function requestOf(engine: Engine, model: CpuModel): ModelRequest {
  const info = staticInfo(engine.rules, model, engine.sets(model).base);
  return { name: info.name, props: Object.entries(info.props ?? {}) };
}

/**
 * What to switch off: the missing features, and every feature that (through
 * the dependency table) requires one of them, so that dropping breaks no
 * dependency the model kept. Null when the generation is too new (no props help).
 */
function dropSet(engine: Engine, model: CpuModel): string[] | null {
  if (compareGeneration(model.def, engine.max.def) === 'superset') return null;
  const missing = model.features.andNot(engine.max.features);
  const drop = missing.clone();
  const { neededBy } = closureOf(engine);
  for (const f of missing) drop.orIn(neededBy[f]!.and(model.features));
  return compress(engine.rules, drop);
}

/** The closest model that runs here and the props to drop; `req` is the request as asked (else the model's static expansion). */
export function runFix(engine: Engine, model: CpuModel, req?: ModelRequest): RunFix {
  const base = engine.baselineOf(model, engine.max);
  const closest = base.ok && runsOn(engine, base.value) ? staticInfo(engine.rules, base.value, engine.sets(base.value).base) : null;
  const drop = dropSet(engine, model);
  if (drop === null) return { closest, drop };
  const asked = req ?? requestOf(engine, model);
  const props = [...(Array.isArray(asked.props) ? asked.props : []), ...drop.map((p) => [p, false] as const)];
  const fixed = engine.build({ name: asked.name, props }, 'model', 'as-given');
  if (!fixed.ok || !runsOn(engine, fixed.value)) return { closest, drop: null };
  return { closest, drop, spec: describeRequest({ name: asked.name, props }) };
}
