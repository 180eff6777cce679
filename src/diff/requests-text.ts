import { nameList } from './causes.js';
import { requestModels } from './space.js';
import type { Delta, QueryRequest } from './types.js';

/** What kind of request: `static expansion`, `comparison`, …. */
function requestKind(req: QueryRequest): string {
  switch (req.execute) {
    case 'query-cpu-model-expansion': return `${String(req.arguments?.type)} expansion`;
    case 'query-cpu-model-comparison': return 'comparison';
    case 'query-cpu-model-baseline': return 'baseline';
    default: return req.execute;
  }
}

/** One request in words: `full expansion of z14`, `baseline of z14, z13`. */
export function requestText(req: QueryRequest): string {
  const models = requestModels(req);
  return models.length ? `${requestKind(req)} of ${models.join(', ')}` : requestKind(req);
}

/**
 * Requests in words, per kind: `static expansion × 78 (every common model)`,
 * `comparison × 3 (z14/z13, …)`.
 */
export function describeRequests(requests: readonly QueryRequest[], commonModels: number): string[] {
  const byKind = new Map<string, string[]>();
  for (const r of requests) byKind.set(requestKind(r), [...(byKind.get(requestKind(r)) ?? []), requestModels(r).join('/')]);
  return [...byKind].map(([kind, models]) => {
    const every = models.length === commonModels && models.every((m) => !m.includes('/'));
    const all = models.length === commonModels * commonModels && models.every((m) => m.includes('/'));
    const which = every ? 'every common model' : all ? 'every ordered pair of common models' : nameList(models.filter(Boolean), 6);
    return `${kind} × ${models.length}${which ? ` (${which})` : ''}`;
  });
}

const show = (v: unknown): string => (typeof v === 'object' && v !== null ? (Array.isArray(v) ? `[${v.map(show).join(', ')}]` : '{…}') : String(v));

/** A delta in words: `+te` (a list item), `+appv=false` (a key), `result: identical → superset`. */
export function deltaText(d: Delta): string {
  const where = d.path.filter((p) => p !== 'return').join('.');
  const key = where ? `${where}.${d.key}` : d.key;
  if (d.item) return `${where} ${d.new ? '+' : '-'}${d.key}`;
  if (typeof d.new === 'object' && d.old === undefined) return `+${key}${Array.isArray(d.new) ? `=${show(d.new)}` : ''}`;
  if (d.old === undefined) return `+${key}=${show(d.new)}`;
  if (d.new === undefined) return `-${key}`;
  return `${key}: ${show(d.old)} → ${show(d.new)}`;
}
