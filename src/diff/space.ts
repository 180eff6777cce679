import { qmpReply } from '../target/reply.js';
import type { ArchEngine, ModelRequest, Result, RunVerdict } from '../target/types.js';
import type { Delta, QueryRequest, Reply } from './types.js';
import { own } from '../util/own.js';

type Model = { name: string; props?: Record<string, unknown> };

const expansion = (type: string, model: Model): QueryRequest => ({ execute: 'query-cpu-model-expansion', arguments: { type, model } });
const pair = (execute: string, a: Model, b: Model): QueryRequest => ({ execute, arguments: { modela: a, modelb: b } });

/** Definitions and every model's static and full expansion. */
export function expansionSpace(names: readonly string[]): QueryRequest[] {
  const out: QueryRequest[] = [{ execute: 'query-cpu-definitions' }];
  for (const name of names) out.push(expansion('static', { name }), expansion('full', { name }));
  return out;
}

/** Every ordered pair's comparison and baseline. */
export function pairSpace(names: readonly string[]): QueryRequest[] {
  const out: QueryRequest[] = [];
  for (const a of names) {
    for (const b of names) out.push(pair('query-cpu-model-comparison', { name: a }, { name: b }), pair('query-cpu-model-baseline', { name: a }, { name: b }));
  }
  return out;
}

/** The model names a request mentions, in order. */
export function requestModels(req: QueryRequest): string[] {
  const args = req.arguments ?? {};
  return ['model', 'modela', 'modelb'].filter((k) => k in args).map((k) => (args[k] as Model).name);
}

function modelRequest(value: unknown): ModelRequest {
  const m = value as Model;
  return m.props ? { name: m.name, props: Object.entries(m.props) } : { name: m.name };
}

function reply<T>(engine: ArchEngine, result: Result<T>): Reply {
  return qmpReply(result, engine);
}

/**
 * A check-run answer as the diff compares it: the verdict (runnable, QEMU's warnings and error,
 * the unavailable features), not its explanation (reasons, fix, tree), which cites rules by
 * file:line and changes with every edit that moves a line.
 */
function verdictOnly(r: Result<RunVerdict>): Result<RunVerdict> {
  if (!r.ok) return r;
  const { reasons: _r, fix: _f, explanation: _e, ...verdict } = r.value;
  return { ...r, value: verdict };
}

const notFound = (execute: string): Reply => ({ error: { class: 'CommandNotFound', desc: `The command ${execute} has not been found` } });

/** The engine's answer to a request, QMP-shaped (QDict order does not matter here). */
export function answer(engine: ArchEngine, req: QueryRequest): Reply {
  const args = req.arguments ?? {};
  // Only where QEMU has the commands: x86's own relations are not QEMU's answers.
  const rel = engine.relations?.native === false ? undefined : engine.relations;
  switch (req.execute) {
    case 'query-cpu-model-expansion': return reply(engine, engine.expand(modelRequest(args.model), args.type as 'static' | 'full'));
    case 'query-cpu-model-comparison': return rel ? reply(engine, rel.compare(modelRequest(args.modela), modelRequest(args.modelb))) : notFound(req.execute);
    case 'query-cpu-model-baseline': return rel ? reply(engine, rel.baseline(modelRequest(args.modela), modelRequest(args.modelb))) : notFound(req.execute);
    case 'query-cpu-definitions': return { return: engine.definitions() };
    case 'realize': return reply(engine, engine.realize(modelRequest(args.model)));
    case 'check-run': return reply(engine, verdictOnly(engine.checkRun(modelRequest(args.model))));
    case 'host-model': return engine.hosts ? { return: engine.hosts.hostModel(args.type as 'static' | 'full') } : notFound(req.execute);
    default: return notFound(req.execute);
  }
}

/** Whether two answers are the same JSON value, key order and all (a fast first test before the semantic one). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const [ka, kb] = [Object.keys(a), Object.keys(b)];
  if (ka.length !== kb.length) return false;
  return ka.every((k, i) => k === kb[i] && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** JSON text where integers beyond 2^53 (bigints) are written as their digits. */
export function jsonText(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), space);
}

/** JSON with object keys sorted (list order kept): a stable key for requests. */
export function canonicalJson(value: unknown): string {
  return jsonText(sortKeys(value));
}

export const requestKey = (req: QueryRequest): string => canonicalJson(req);

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const named = (v: unknown[]): v is { name: string }[] => v.every((x) => isObject(x) && typeof x.name === 'string');
const itemKey = (v: unknown) => (typeof v === 'string' ? v : jsonText(sortKeys(v)));

/**
 * The differences between two answers. "Equal" is semantic, as in the
 * agreement report: maps by key, lists as sets (lists of named objects by
 * name); a key present on one side only is a difference even when empty.
 */
export function answerDeltas(a: unknown, b: unknown, path: string[] = []): Omit<Delta, 'causes'>[] {
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => keyDeltas(own(a, k), own(b, k), path, k));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (named(a) && named(b)) return entryDeltas(byName(a), byName(b), path);
    const [sa, sb] = [new Set(a.map(itemKey)), new Set(b.map(itemKey))];
    return [...[...sa].filter((x) => !sb.has(x)).map((key) => ({ path, key, item: true, old: true })),
      ...[...sb].filter((x) => !sa.has(x)).map((key) => ({ path, key, item: true, new: true }))];
  }
  const same = typeof a !== 'object' && typeof b !== 'object' ? a === b : itemKey(a) === itemKey(b);
  return same ? [] : [{ path: path.slice(0, -1), key: path.at(-1) ?? '', old: a, new: b }];
}

function keyDeltas(a: unknown, b: unknown, path: string[], key: string): Omit<Delta, 'causes'>[] {
  if (a !== undefined && b !== undefined) return answerDeltas(a, b, [...path, key]);
  const present = a ?? b;
  const empty = Array.isArray(present) ? [] : isObject(present) ? {} : undefined;
  const inner = empty === undefined ? [] : a === undefined ? answerDeltas(empty, b, [...path, key]) : answerDeltas(a, empty, [...path, key]);
  return inner.length > 0 ? inner : [{ path, key, old: a, new: b }];
}

/** Whether answerDeltas finds no difference, stopping at the first one. */
export function sameAnswer(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b)) {
    const [ka, kb] = [Object.keys(a), Object.keys(b)];
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameAnswer(a[k], b[k]));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (named(a) && named(b)) return sameAnswer(byName(a), byName(b));
    const [sa, sb] = [new Set(a.map(itemKey)), new Set(b.map(itemKey))];
    return sa.size === sb.size && [...sa].every((x) => sb.has(x));
  }
  return typeof a !== 'object' && typeof b !== 'object' ? a === b : itemKey(a) === itemKey(b);
}

/** Named entries (definitions): one delta per entry added or removed, field deltas for the rest. */
function entryDeltas(a: Record<string, unknown>, b: Record<string, unknown>, path: string[]): Omit<Delta, 'causes'>[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) =>
    Object.hasOwn(a, k) && Object.hasOwn(b, k) ? answerDeltas(a[k], b[k], [...path, k]) : [{ path, key: k, old: own(a, k), new: own(b, k) }]);
}

function byName(list: { name: string }[]): Record<string, unknown> {
  return Object.fromEntries(list.map((x) => [x.name, x]));
}
