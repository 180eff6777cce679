import { qmpReply, NOT_AN_OBJECT, type ArchEngine, type Because, type ModelRequest, type PropEntry, type Result } from '../index.js';

import { genericError, type QmpReply as Reply } from '../qmp/types.js';
import { Members } from '../qmp/json-write.js';

export type { Reply };

/** Arguments as the QMP parser gives them: objects are Maps, or plain objects from JSON.parse. */
type Args = ReadonlyMap<string, unknown>;

const isObject = (v: unknown): v is Map<string, unknown> | Record<string, unknown> =>
  v instanceof Map || (typeof v === 'object' && v !== null && !Array.isArray(v));

function entries(v: Map<string, unknown> | Record<string, unknown>): PropEntry[] {
  return v instanceof Map ? [...v.entries()] : Object.entries(v);
}

function field(v: unknown, key: string): unknown {
  return v instanceof Map ? v.get(key) : (v as Record<string, unknown>)[key];
}

/** A CpuModelInfo as written: `props` as entries, or the marker for any other JSON value. */
function modelRequest(arg: unknown): ModelRequest {
  const name = field(arg, 'name') as string;
  const props = field(arg, 'props');
  if (props === undefined) return { name };
  return { name, props: isObject(props) ? entries(props) : NOT_AN_OBJECT };
}

function reply<T>(engine: ArchEngine, result: Result<T>): Reply {
  return qmpReply(result, engine);
}

/** query-cpu-model-expansion; through the engine's list answers where it has them (the writer's quick path). */
function expansion(engine: ArchEngine, args: Args, plain: boolean): Reply {
  const req = modelRequest(args.get('model'));
  const type = args.get('type') as 'static' | 'full';
  if (plain || !engine.expandList) return reply(engine, engine.expand(req, type));
  const r = engine.expandList(req, type);
  if (!r.ok) return reply(engine, r);
  const { name, props } = r.value.model;
  return { return: { model: { name, props: new Members(props.keys, props.values, props.recurs) } } };
}

/** The explanation of a question; a failed query is explained too (it is the answer to "why"). */
function explanation(engine: ArchEngine, args: Args): Reply {
  const model = () => modelRequest(args.get('model'));
  const pair = () => [modelRequest(args.get('modela')), modelRequest(args.get('modelb'))] as const;
  const tree = (r: Result<Because>) => ({ return: r.ok ? r.value : engine.explainError(r.error) });
  const rel = engine.relations;
  switch (args.get('question')) {
    case 'feature': return tree(engine.explainFeature(model(), String(args.get('feature')), 'qmp'));
    case 'comparison': return rel ? tree(rel.explainComparison(...pair(), 'qmp')) : noRelations(engine, 'comparison');
    case 'baseline': return rel ? tree(rel.explainBaseline(...pair(), 'qmp')) : noRelations(engine, 'baseline');
    case 'unavailable': {
      const name = String(field(args.get('model'), 'name'));
      const because = engine.explainUnavailable(name);
      return because ? { return: because } : tree({ ok: false, error: { code: 'unknown-model', name } });
    }
    default: {
      const lint = engine.lint(model(), 'qmp');
      return lint.ok ? { return: lint.value } : tree(lint);
    }
  }
}

function noRelations(engine: ArchEngine, what: string): Reply {
  return genericError(`${engine.arch.name} has no ${what} (QEMU answers query-cpu-model-${what} with CommandNotFound there)`);
}

/** Which arguments each question needs. */
const QUESTION_NEEDS: Record<string, readonly string[]> = {
  feature: ['model', 'feature'], comparison: ['modela', 'modelb'], baseline: ['modela', 'modelb'], unavailable: ['model'], lint: ['model'],
};

function explain(engine: ArchEngine, args: Args): Reply {
  const question = String(args.get('question'));
  const missing = QUESTION_NEEDS[question]!.find((k) => !args.has(k));
  if (missing) return genericError(`Parameter '${missing}' is missing`);
  return explanation(engine, args);
}

export interface CommandOptions {
  /** Offer cpumodel's own comparison and baseline where QEMU has none (x86) as x-query-cpu-model-comparison/-baseline. */
  xRelations?: boolean;
  /** Answers as plain values, props as objects, for a caller that reads them (by default they are shaped for the JSON writer). */
  plain?: boolean;
}

/**
 * The CPU-model commands over an engine: the ones its architecture's QEMU
 * has (comparison and baseline only where the engine has relations).
 * Arguments have passed QAPI validation; what remains (props, names) is
 * checked here as QEMU does.
 */
export function cpuModelHandlers(engine: ArchEngine, options: CommandOptions = {}): Record<string, (args: Args) => Reply> {
  const pair = (args: Args) => [modelRequest(args.get('modela')), modelRequest(args.get('modelb'))] as const;
  const rel = engine.relations;
  const own = rel && rel.native === false && options.xRelations;
  return {
    'query-cpu-model-expansion': (args) => expansion(engine, args, options.plain === true),
    ...(rel && rel.native !== false ? {
      'query-cpu-model-comparison': (args: Args) => reply(engine, rel.compare(...pair(args))),
      'query-cpu-model-baseline': (args: Args) => reply(engine, rel.baseline(...pair(args))),
    } : {}),
    ...(own ? {
      'x-query-cpu-model-comparison': (args: Args) => reply(engine, rel.compare(...pair(args))),
      'x-query-cpu-model-baseline': (args: Args) => reply(engine, rel.baseline(...pair(args))),
    } : {}),
    'query-cpu-definitions': () => ({ return: engine.definitions() }),
    'x-cpumodel-explain': (args) => explain(engine, args),
  };
}
