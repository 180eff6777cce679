import type { ArchEngine, QueryRequest as QmpRequest } from '../index.js';
import { validateArgs } from '../qmp/qapi.js';
import { JsonStreamParser, type JsonObject } from '../qmp/json-parse.js';
import { genericError, type QmpReply } from '../qmp/types.js';
import { qmpCommands, createQmpSession } from '../server/qmp-server.js';
import { writeExact } from './exact-json.js';

/**
 * cpumodel's answers, end to end: each request goes as a JSON line through a
 * negotiated QMP session (parser, QAPI checks, the server's command table
 * over the engine, QEMU's writer), exactly as a client's would. Requests are
 * written exactly (integers beyond 2^53 as digits).
 */
export function cpumodelAnswerer(engine: ArchEngine): (request: QmpRequest) => string {
  const answer = lineAnswerer(engine);
  return (request) => answer(writeExact(request));
}

/** A negotiated session over the engine: request line in, reply line out (with QEMU's "\r\n"). */
export function lineAnswerer(engine: ArchEngine): (requestLine: string) => string {
  const session = createQmpSession(engine, 'cpumodel oracle');
  session.onInput('{"execute": "qmp_capabilities"}\n');
  return (requestLine) => {
    const lines = session.onInput(`${requestLine}\n`);
    if (lines.length !== 1) throw new Error(`expected one reply to ${requestLine.slice(0, 200)}, got ${lines.length}`);
    return lines[0]!;
  };
}

/**
 * The same commands without the session and its writer, for many quick
 * answers (machine runs): request line in, the reply as the engine's values
 * (props in insertion order; integers as numbers or bigints).
 */
export function directAnswerer(engine: ArchEngine): (requestLine: string) => QmpReply {
  const commands = new Map(qmpCommands(engine, 'cpumodel oracle', { plain: true }).map((c) => [c.name, c]));
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
