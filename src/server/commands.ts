import type { Engine, ModelRequest, PropEntry, Result } from '../index.js';
import { errorClass, errorText, NOT_AN_OBJECT } from '../index.js';

/** A QMP reply value: `return` or QEMU's error class and text. */
export type Reply = { return: unknown } | { error: { class: string; desc: string } };

type Args = Record<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `props` as written: a JSON object's entries, or the marker for any other JSON value. */
function modelRequest(arg: unknown): ModelRequest {
  const info = arg as { name: string; props?: unknown };
  if (info.props === undefined) return { name: info.name };
  const props: PropEntry[] | typeof NOT_AN_OBJECT = isPlainObject(info.props) ? Object.entries(info.props) : NOT_AN_OBJECT;
  return { name: info.name, props };
}

function reply<T>(engine: Engine, result: Result<T>): Reply {
  return result.ok ? { return: result.value } : { error: { class: errorClass(result.error), desc: errorText(result.error, engine.dialect) } };
}

function twoModels(engine: Engine, args: Args, query: (a: ModelRequest, b: ModelRequest) => Result<unknown>): Reply {
  return reply(engine, query(modelRequest(args.modela), modelRequest(args.modelb)));
}

/**
 * The CPU-model commands over an engine. Arguments have passed QAPI
 * validation; what remains (props, names) is checked here as QEMU does.
 */
export function cpuModelHandlers(engine: Engine): Record<string, (args: Args) => Reply> {
  return {
    'query-cpu-model-expansion': (args) => {
      return reply(engine, engine.expand(modelRequest(args.model), args.type as 'static' | 'full'));
    },
    'query-cpu-model-comparison': (args) => twoModels(engine, args, (a, b) => engine.compare(a, b)),
    'query-cpu-model-baseline': (args) => twoModels(engine, args, (a, b) => engine.baseline(a, b)),
    'query-cpu-definitions': () => ({ return: engine.definitions() }),
  };
}
