import { fullSetOf, type CauseRegistry } from './causes.js';
import { answerDeltas, requestModels } from './space.js';
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

/**
 * Which causes explain one difference inside an answer: deprecated-props by
 * the deprecation rules; a property by the rules about that feature or group
 * and the set changes of the models involved; a model name, a verdict or an
 * error by everything touching the models (and, for baselines, the
 * definition search).
 */
function causesOf(d: Omit<Delta, 'causes'>, req: QueryRequest, replies: Reply[], reg: CauseRegistry): string[] {
  const models = requestModels(req);
  const container = d.path.at(-1);
  const baseline = req.execute === 'query-cpu-model-baseline';
  const answered = answerModels(...replies);
  // A baseline's props: the inputs' features, cut to the full set of the definition the search picked.
  const involved = [...models, ...answered, ...(baseline ? answered.map(fullSetOf) : [])];
  const search = baseline && new Set(answered).size > 1 ? reg.search : [];
  if (d.key === 'deprecated-props') return reg.deprecation;
  if (req.execute === 'query-cpu-definitions') return definitionCauses(d, reg);
  if (container === 'deprecated-props') return unique([...reg.deprecation, ...reg.prop(d.key, involved)]);
  if (container === 'props') return unique([...reg.prop(d.key, involved), ...search]);
  if (container === 'responsible-properties') return reg.prop(d.key, models);
  return unique([...reg.models(involved), ...(baseline ? reg.search : [])]);
}

const unique = (ids: readonly string[]) => [...new Set(ids)];

/** The differences between two replies, each with the cause ids that explain it. */
export function attribute(req: QueryRequest, old: Reply, next: Reply, reg: CauseRegistry): Delta[] {
  const kindChanged = 'error' in old !== 'error' in next;
  const raw = kindChanged ? [{ path: [], key: 'error' in next ? 'error' : 'return', old, new: next }] : answerDeltas(old, next);
  return raw.map((d) => {
    const causes = causesOf(d, req, [old, next], reg);
    return { ...d, causes: causes.length > 0 ? causes : [reg.unexplained()] };
  });
}
