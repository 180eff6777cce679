/**
 * The command table a QmpSession serves.
 *
 * Values: see json-parse.ts. Arguments arrive as a `Map` (insertion order);
 * integers as bigint. Replies may use Maps or plain objects; the writer
 * prints object keys in QDict order of their insertion order.
 */
import type { JsonObject } from './json-parse.js';
import type { QapiStruct } from './qapi.js';

export type QmpOk = { return: unknown };
export type QmpErr = { error: { class: string; desc: string } };
export type QmpReply = QmpOk | QmpErr;

export interface QmpCommand {
  name: string;
  /** Called with arguments that already passed `args`. */
  handler(args: JsonObject): QmpReply;
  /** QAPI schema of the arguments; none means the command takes none. */
  args?: QapiStruct;
  /** Usable before capabilities negotiation (only qmp_capabilities in QEMU). */
  allowedBeforeNegotiation?: boolean;
}

/** The protocol is identical in both; the dialect tells handlers which QEMU to imitate. */
export type Dialect = '7.2' | '10.0';

export function genericError(desc: string): QmpErr {
  return { error: { class: 'GenericError', desc } };
}
