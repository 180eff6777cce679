/**
 * The QMP session state machine, transport-independent, with QEMU's
 * behaviour (7.2 and 10.0 alike):
 * - the server speaks first: {"QMP": {"version": …, "capabilities": ["oob"]}};
 * - until qmp_capabilities succeeds, only commands allowed before
 *   negotiation run; any other known or unknown command gets CommandNotFound
 *   "Expecting capabilities negotiation with 'qmp_capabilities'";
 * - a second qmp_capabilities gets CommandNotFound "Capabilities negotiation
 *   is already complete, command ignored";
 * - each request is checked member by member in QDict order: `execute`
 *   (and `exec-oob` once OOB is enabled) must be a string, `arguments` an
 *   object, `id` may be anything and is echoed; anything else is unexpected;
 * - `exec-oob` is refused for every command ("does not support OOB");
 * - `quit` writes a SHUTDOWN event, then its reply, then the session is
 *   closed and all further input is ignored.
 * qmp_capabilities and quit are built in (a table entry of the same name is
 * ignored); every other command comes from the table.
 * Every line written ends in "\r\n", as QEMU's monitor writes it.
 */
import { JsonStreamParser, type JsonLimits, type JsonObject, type JsonValue } from './json-parse.js';
import { toJsonLine } from './json-write.js';
import { validateArgs, COMMAND_ARGS } from './qapi.js';
import { genericError, type Dialect, type QmpCommand, type QmpReply } from './types.js';
import { checkRequest } from './request.js';

export interface QmpGreeting { version: unknown; capabilities: readonly string[] }
export interface Timestamp { seconds: number; microseconds: number }

export interface QmpSessionOptions {
  greeting: QmpGreeting;
  commands: readonly QmpCommand[];
  dialect: Dialect;
  /** Wall-clock time for event timestamps (default: now). */
  clock?: () => Timestamp;
  /** Parser limits, QEMU's by default. */
  limits?: Partial<JsonLimits>;
  /**
   * Answers, after negotiation, a command the table does not have (a QEMU
   * stand-in's recorded or relayed replies); undefined: CommandNotFound.
   */
  fallback?: (name: string, args: JsonObject) => QmpReply | undefined;
}

function wallClock(): Timestamp {
  const micros = Math.round((performance.timeOrigin + performance.now()) * 1000);
  return { seconds: Math.floor(micros / 1e6), microseconds: micros % 1e6 };
}

export class QmpSession {
  readonly dialect: Dialect;
  /** Set once `quit` has been answered. */
  closed = false;
  private negotiated = false;
  private oobEnabled = false;
  private quitting = false;
  private readonly parser: JsonStreamParser;
  private readonly commands = new Map<string, QmpCommand>();
  private output: string[] = [];

  constructor(private readonly options: QmpSessionOptions) {
    this.dialect = options.dialect;
    this.parser = new JsonStreamParser(options.limits);
    for (const command of [...options.commands, ...this.builtins()]) this.commands.set(command.name, command);
  }

  /** The greeting line, written when a client connects. */
  greeting(): string {
    const { version, capabilities } = this.options.greeting;
    return toJsonLine({ QMP: { version, capabilities } });
  }

  /** Bytes the JSON reader holds for a request in progress. */
  get heldBytes(): number {
    return this.parser.heldBytes;
  }

  /** Whether a request has begun and not ended. */
  get midRequest(): boolean {
    return this.parser.midMessage;
  }

  /** Feeds client bytes; returns the lines to write, in order. */
  onInput(chunk: string | Uint8Array): string[] {
    if (this.closed) return [];
    for (const event of this.parser.feed(chunk)) {
      if (this.closed) break;
      if ('error' in event) this.output.push(toJsonLine(genericError(event.error)));
      else this.handle(event.value);
    }
    const lines = this.output;
    this.output = [];
    return lines;
  }

  private handle(request: JsonValue): void {
    const checked = checkRequest(request, this.oobEnabled);
    const reply = 'error' in checked ? genericError(checked.error) : this.dispatch(checked.command, checked.oob, checked.args);
    this.output.push(toJsonLine(request instanceof Map && request.has('id') ? { ...reply, id: request.get('id') } : reply));
    if (this.quitting) this.closed = true;
  }

  private dispatch(name: string, oob: boolean, args: JsonObject): QmpReply {
    const reply = this.run(name, oob, args);
    if (!this.negotiated && 'error' in reply && reply.error.class === 'CommandNotFound') {
      return notFound("Expecting capabilities negotiation with 'qmp_capabilities'");
    }
    return reply;
  }

  private run(name: string, oob: boolean, args: JsonObject): QmpReply {
    const command = this.commands.get(name);
    if (!command && this.negotiated && !oob) {
      const reply = this.options.fallback?.(name, args);
      if (reply) return reply;
    }
    if (!command || !(this.negotiated || command.allowedBeforeNegotiation)) {
      return notFound(`The command ${name} has not been found`);
    }
    if (oob) return genericError(`The command ${name} does not support OOB`);
    const invalid = validateArgs(command.args ?? {}, args);
    return invalid === null ? command.handler(args) : genericError(invalid);
  }

  private builtins(): QmpCommand[] {
    const capabilities: QmpCommand = {
      name: 'qmp_capabilities',
      args: COMMAND_ARGS.qmp_capabilities,
      allowedBeforeNegotiation: true,
      handler: (args) => this.negotiate(args.get('enable') as string[] | undefined),
    };
    const quit: QmpCommand = {
      name: 'quit',
      args: COMMAND_ARGS.quit,
      handler: () => {
        const data = { guest: false, reason: 'host-qmp-quit' };
        this.output.push(toJsonLine({ event: 'SHUTDOWN', timestamp: (this.options.clock ?? wallClock)(), data }));
        this.quitting = true;
        return { return: {} };
      },
    };
    return [capabilities, quit];
  }

  private negotiate(enable: readonly string[] = []): QmpReply {
    if (this.negotiated) return notFound('Capabilities negotiation is already complete, command ignored');
    const missing = enable.filter((cap) => !this.options.greeting.capabilities.includes(cap));
    if (missing.length > 0) return genericError(`Capability ${missing.join(', ')} not available`);
    this.negotiated = true;
    this.oobEnabled = enable.includes('oob');
    return { return: {} };
  }
}

function notFound(desc: string): QmpReply {
  return { error: { class: 'CommandNotFound', desc } };
}
