/**
 * The requests of the answer space beyond the bare model space: every model
 * with each property switched on and off, what starting a VM prints, the
 * requests asked on each compat machine type and under each host
 * environment. A request carries its context in `arguments.machine` /
 * `arguments.environment`; `realize`, `check-run` and `host-model` are
 * cpumodel's own requests (what QEMU prints at VM start, whether a model
 * runs in an environment, the environment's host model).
 */
import type { QueryRequest } from './types.js';

const expansion = (type: string, model: object): QueryRequest => ({ execute: 'query-cpu-model-expansion', arguments: { type, model } });

/**
 * Every model with each property switched on and off, statically expanded:
 * whether `-cpu M,P=on` is accepted and the model it makes. (Its full
 * expansion follows from that model and M's full expansion, which the model
 * space asks.)
 */
export function toggleSpace(models: readonly string[], props: readonly string[]): QueryRequest[] {
  const out: QueryRequest[] = [];
  for (const name of models) {
    for (const key of props) for (const value of [true, false]) out.push(expansion('static', { name, props: { [key]: value } }));
  }
  return out;
}

/** What starting a VM with each model prints (dependency warnings, the runnability error). */
export const realizeSpace = (models: readonly string[]): QueryRequest[] => models.map((name) => ({ execute: 'realize', arguments: { model: { name } } }));

/** An environment's host model (both expansions), its definitions list and every model's check-run verdict. */
export function environmentSpace(models: readonly string[]): QueryRequest[] {
  return [{ execute: 'host-model', arguments: { type: 'static' } }, { execute: 'host-model', arguments: { type: 'full' } },
    { execute: 'query-cpu-definitions' }, ...models.map((name) => ({ execute: 'check-run', arguments: { model: { name } } }))];
}

/** Requests asked in a context (`machine` or `environment`). */
export function within(key: 'machine' | 'environment', value: string, requests: readonly QueryRequest[]): QueryRequest[] {
  return requests.map((r) => ({ execute: r.execute, arguments: { ...r.arguments, [key]: value } }));
}

/** The context a request is asked in. */
export function contextOf(req: QueryRequest): { machine?: string; environment?: string } {
  const args = req.arguments ?? {};
  return { ...(typeof args.machine === 'string' ? { machine: args.machine } : {}), ...(typeof args.environment === 'string' ? { environment: args.environment } : {}) };
}

/** Beyond the bare model space: switched properties, a context, or cpumodel's own requests. */
export function isExtended(req: QueryRequest): boolean {
  const ctx = contextOf(req);
  return requestProps(req).length > 0 || ctx.machine !== undefined || ctx.environment !== undefined || !req.execute.startsWith('query-');
}

/** The property names a request sets (in any of its models). */
export function requestProps(req: QueryRequest): string[] {
  const args = req.arguments ?? {};
  return ['model', 'modela', 'modelb'].flatMap((k) => Object.keys((args[k] as { props?: object } | undefined)?.props ?? {}));
}
