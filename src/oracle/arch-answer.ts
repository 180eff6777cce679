/**
 * cpumodel's answers from an architecture's engine (the Target contract),
 * end to end as a client sees them: each request goes as a JSON line through
 * a negotiated QMP session (parser, QAPI checks, the CPU-model commands over
 * the engine, QEMU's writer). Comparison and baseline exist only where the
 * engine has `relations`; elsewhere QMP answers CommandNotFound, as QEMU does.
 */
import { COMMAND_ARGS, validateArgs } from '../qmp/qapi.js';
import { JsonStreamParser } from '../qmp/json-parse.js';
import { QmpSession } from '../qmp/session.js';
import { genericError, type QmpCommand, type QmpReply } from '../qmp/types.js';
import type { JsonObject } from '../qmp/json-parse.js';
import { NOT_AN_OBJECT, type ArchEngine, type ModelRequest, type Result } from '../target/types.js';

/** A CpuModelInfo as QAPI passed it: `props` as entries, or the marker for another JSON value. */
function modelRequest(arg: unknown): ModelRequest {
  const model = arg as Map<string, unknown>;
  const name = model.get('name') as string;
  const props = model.get('props');
  if (props === undefined) return { name };
  return { name, props: props instanceof Map ? [...props.entries()] : NOT_AN_OBJECT };
}

/** Without members whose value is undefined (the writer prints every member); unchanged values are not copied. */
function defined(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(defined);
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (typeof value !== 'object' || value === null || value instanceof Map) return value;
  const entries = Object.entries(value);
  const kept = entries.filter(([, v]) => v !== undefined).map(([k, v]) => [k, defined(v)] as const);
  if (kept.length === entries.length && kept.every(([k, v]) => v === (value as Record<string, unknown>)[k])) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of kept) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function reply<T>(engine: ArchEngine, result: Result<T>): QmpReply {
  if (result.ok) return { return: defined(result.value) };
  return { error: { class: engine.errorClass(result.error), desc: engine.errorText(result.error) } };
}

/** The CPU-model commands the engine answers. */
export function archCommands(engine: ArchEngine): QmpCommand[] {
  const commands: Record<string, (args: JsonObject) => QmpReply> = {
    'query-cpu-definitions': () => ({ return: defined(engine.definitions()) }),
    'query-cpu-model-expansion': (args) =>
      reply(engine, engine.expand(modelRequest(args.get('model')), args.get('type') as 'static' | 'full', 'qmp')),
  };
  const relations = engine.relations;
  if (relations) {
    const pair = (args: JsonObject) => [modelRequest(args.get('modela')), modelRequest(args.get('modelb'))] as const;
    commands['query-cpu-model-comparison'] = (args) => reply(engine, relations.compare(...pair(args), 'qmp'));
    commands['query-cpu-model-baseline'] = (args) => reply(engine, relations.baseline(...pair(args), 'qmp'));
  }
  return Object.entries(commands).map(([name, handler]) => ({ name, handler, args: COMMAND_ARGS[name] }));
}

/** A negotiated session over the engine: request line in, reply line out (without "\r\n"). */
export function archAnswerer(engine: ArchEngine): (requestLine: string) => string {
  const [major = 0, minor = 0, micro = 0] = engine.profile.qemu.split('.').map(Number);
  const session = new QmpSession({
    greeting: { version: { qemu: { major, minor, micro }, package: engine.profile.package }, capabilities: ['oob'] },
    commands: archCommands(engine),
    dialect: engine.dialect === 'qapi-path' ? '10.0' : '7.2',
  });
  session.onInput('{"execute": "qmp_capabilities"}\n');
  return (requestLine) => {
    const lines = session.onInput(`${requestLine}\n`);
    if (lines.length !== 1) throw new Error(`expected one reply to ${requestLine.slice(0, 200)}, got ${lines.length}`);
    return lines[0]!.replace(/\r?\n$/, '');
  };
}

/**
 * The same commands without the session and its writer, for many quick
 * answers (machine runs): request line in, the reply as the engine's values
 * (props in insertion order; integers as numbers or bigints).
 */
export function archDirectAnswerer(engine: ArchEngine): (requestLine: string) => QmpReply {
  const commands = new Map(archCommands(engine).map((c) => [c.name, c]));
  return (requestLine) => {
    const [event] = new JsonStreamParser().feed(`${requestLine}\n`);
    if (!event || 'error' in event || !(event.value instanceof Map)) throw new Error(`not a request: ${requestLine.slice(0, 200)}`);
    const name = event.value.get('execute') as string;
    const args = (event.value.get('arguments') ?? new Map()) as JsonObject;
    const command = commands.get(name);
    if (!command) return { error: { class: 'CommandNotFound', desc: `The command ${name} has not been found` } };
    const invalid = validateArgs(command.args ?? {}, args);
    return invalid === null ? command.handler(args) : genericError(invalid);
  };
}
