import { fullSetOf, type CauseRegistry } from './causes.js';
import { answerDeltas, requestModels } from './space.js';
import { contextOf, requestProps } from './space-kinds.js';
import type { Delta, QueryRequest, Reply } from './types.js';

/** The `-base` models an answer names (expansions and baselines answer with one). */
function answerModels(...replies: Reply[]): string[] {
  return replies.flatMap((r) => {
    const name = 'return' in r ? (r.return as { model?: { name?: unknown } } | null)?.model?.name : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

function definitionCauses(d: Omit<Delta, 'causes'>, reg: CauseRegistry): string[] {
  const [, entry] = d.path;
  if (entry === undefined) return reg.models([d.key]);
  if (d.path.at(-1) === 'unavailable-features') return reg.prop(d.key, [entry, 'max']);
  return reg.models([entry]);
}

interface Shape {
  models: string[];
  involved: string[];
  search: boolean;
  /** Causes every delta of the request gets: rules about the switched properties, the machine, the environment, the dependencies. */
  always: string[];
}

/**
 * Which causes explain one difference inside an answer: deprecated-props by
 * the deprecation rules; a property by the rules about that feature or group
 * and the set changes of the models involved; a model name, a verdict or an
 * error by everything touching the models (and, for baselines, the
 * definition search). A request that switches properties also cites the
 * rules about them; one asked on a machine or under an environment, the
 * machine or environment rules; a VM start's warnings, the dependencies.
 */
function shapeOf(req: QueryRequest, replies: Reply[], reg: CauseRegistry): Shape {
  const models = requestModels(req);
  const baseline = req.execute === 'query-cpu-model-baseline';
  const answered = answerModels(...replies);
  // A baseline's props: the inputs' features, cut to the full set of the definition the search picked.
  const involved = [...models, ...answered, ...(baseline ? answered.map(fullSetOf) : [])];
  const toggled = requestProps(req).flatMap((k) => reg.prop(k, [...involved, ...models.map(fullSetOf)]));
  const ctx = contextOf(req);
  const always = [...toggled, ...(ctx.machine ? reg.machine : []), ...(ctx.environment ? [...reg.environment, ...reg.search] : []), ...(req.execute === 'realize' || req.execute === 'check-run' ? reg.realize : [])];
  return { models, involved, search: baseline && new Set(answered).size > 1, always };
}

function direct(d: Omit<Delta, 'causes'>, req: QueryRequest, reg: CauseRegistry, x: Shape): string[] {
  // In an environment, the host model decides: a feature's causes in any model.
  const host = contextOf(req).environment !== undefined ? reg.propAnywhere(d.key) : [];
  // What a VM start prints names the features it is about.
  const said = req.execute === 'realize' || req.execute === 'check-run' ? reg.mentioned(`${d.key} ${JSON.stringify(d.old ?? '')} ${JSON.stringify(d.new ?? '')}`) : [];
  return [...host, ...said, ...plain(d, req, reg, x)];
}

function plain(d: Omit<Delta, 'causes'>, req: QueryRequest, reg: CauseRegistry, x: Shape): string[] {
  const baseline = req.execute === 'query-cpu-model-baseline';
  const container = d.path.at(-1);
  const search = x.search ? reg.search : [];
  if (d.key === 'deprecated-props') return reg.deprecation;
  if (req.execute === 'query-cpu-definitions') return definitionCauses(d, reg);
  if (container === 'deprecated-props') return [...reg.deprecation, ...reg.prop(d.key, x.involved)];
  if (container === 'props') return [...reg.prop(d.key, x.involved), ...search];
  if (container === 'responsible-properties') return reg.prop(d.key, x.models);
  return [...reg.models(x.involved), ...(baseline ? reg.search : [])];
}

/** Direct causes per (request kind, models, delta place): many answers differ in the same way. */
const memo = new WeakMap<CauseRegistry, Map<string, string[]>>();

function directCached(d: Omit<Delta, 'causes'>, req: QueryRequest, reg: CauseRegistry, x: Shape): string[] {
  let m = memo.get(reg);
  if (!m) memo.set(reg, (m = new Map()));
  const key = `${req.execute}|${contextOf(req).environment !== undefined}|${x.involved.join(',')}|${x.search}|${d.path.join('.')}|${d.key}`;
  let hit = m.get(key);
  if (!hit) m.set(key, (hit = direct(d, req, reg, x)));
  return hit;
}

/** The differences between two replies, each with the cause ids that explain it. */
export function attribute(req: QueryRequest, old: Reply, next: Reply, reg: CauseRegistry): Delta[] {
  const kindChanged = 'error' in old !== 'error' in next;
  const raw = kindChanged ? [{ path: [], key: 'error' in next ? 'error' : 'return', old, new: next }] : answerDeltas(old, next);
  if (raw.length === 0) return [];
  const shape = shapeOf(req, [old, next], reg);
  return raw.map((d) => {
    const own = directCached(d, req, reg, shape);
    const causes = shape.always.length === 0 ? own : [...new Set([...own, ...shape.always])];
    return { ...d, causes: causes.length > 0 ? causes : [reg.unexplained()] };
  });
}
