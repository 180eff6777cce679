import { JsonStreamParser, type JsonValue } from '../../../src/qmp/json-parse.js';
import { toJson } from '../../../src/qmp/json-write.js';
import { NOT_AN_OBJECT, type ArchEngine, type ModelRequest, type Result } from '../../../src/target/types.js';

/**
 * A tiny stand-in for the QMP server, enough for well-formed x86 requests:
 * query-cpu-definitions and query-cpu-model-expansion, answered by the engine
 * and printed by the project's QMP writer.
 */
function parse(text: string): JsonValue {
  const [event] = new JsonStreamParser().feed(text);
  if (!event || !('value' in event)) throw new Error(`bad request ${text}`);
  return event.value;
}

function reply<T>(engine: ArchEngine, r: Result<T>): unknown {
  return r.ok ? new Map([['return', r.value]]) : { error: { class: engine.errorClass(r.error), desc: engine.errorText(r.error) } };
}

export function modelRequest(model: Map<string, JsonValue>): ModelRequest {
  const name = model.get('name') as string;
  const props = model.get('props');
  if (props === undefined) return { name };
  return { name, props: props instanceof Map ? [...props.entries()] : NOT_AN_OBJECT };
}

const COMMAND_NOT_FOUND = (cmd: string) => ({ error: { class: 'CommandNotFound', desc: `The command ${cmd} has not been found` } });

/** Our reply's exact text. */
export function answer(engine: ArchEngine, text: string): string {
  const req = parse(text) as Map<string, JsonValue>;
  const cmd = req.get('execute') as string;
  const args = (req.get('arguments') as Map<string, JsonValue> | undefined) ?? new Map();
  switch (cmd) {
    case 'query-cpu-definitions': return toJson(new Map([['return', engine.definitions()]]));
    case 'query-cpu-model-expansion': {
      const type = args.get('type') as 'static' | 'full';
      return toJson(reply(engine, engine.expand(modelRequest(args.get('model') as Map<string, JsonValue>), type)));
    }
    default: return toJson(COMMAND_NOT_FOUND(cmd));
  }
}
