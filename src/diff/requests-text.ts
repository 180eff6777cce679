import { nameList } from './causes.js';
import { contextOf } from './space-kinds.js';
import type { Delta, QueryRequest } from './types.js';

/** What kind of request: `static expansion`, `comparison`, …. */
function requestKind(req: QueryRequest): string {
  switch (req.execute) {
    case 'query-cpu-model-expansion': return `${String(req.arguments?.type)} expansion`;
    case 'query-cpu-model-comparison': return 'comparison';
    case 'query-cpu-model-baseline': return 'baseline';
    case 'realize': return 'VM start';
    default: return req.execute;
  }
}

type Model = { name: string; props?: Record<string, unknown> };

/** `gen16a,vxeh3=on`: a model as -cpu writes it. */
function modelText(m: Model): string {
  return [m.name, ...Object.entries(m.props ?? {}).map(([k, v]) => `${k}=${v === true ? 'on' : v === false ? 'off' : String(v)}`)].join(',');
}

function modelTexts(req: QueryRequest): string[] {
  const args = req.arguments ?? {};
  return ['model', 'modela', 'modelb'].filter((k) => k in args).map((k) => modelText(args[k] as Model));
}

/** One request in words: `full expansion of z14`, `baseline of z14, z13`, `static expansion of gen16a,vxeh3=on`, `… on machine M`, `… under environment E`. */
export function requestText(req: QueryRequest): string {
  const models = modelTexts(req);
  const ctx = contextOf(req);
  const where = `${ctx.machine ? ` on machine ${ctx.machine}` : ''}${ctx.environment ? ` under environment ${ctx.environment}` : ''}`;
  return `${models.length ? `${requestKind(req)} of ${models.join(', ')}` : requestKind(req)}${where}`;
}

/**
 * Requests in words, per kind: `static expansion × 78 (every common model)`,
 * `comparison × 3 (z14/z13, …)`.
 */
export function describeRequests(requests: readonly QueryRequest[], commonModels: number): string[] {
  const byKind = new Map<string, string[]>();
  for (const r of requests) {
    const kind = requestKind(r);
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind)!.push(modelTexts(r).join('/'));
  }
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
