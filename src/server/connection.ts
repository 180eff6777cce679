/**
 * One client connection of `cpumodel serve`: its own QmpSession, fed from
 * the socket, with bounded memory whatever the client does.
 *
 * - Input is fed to the session in slices of SLICE bytes. A client may send
 *   at most `maxRequestBytes` between two replies (the parser holds at most
 *   that plus one slice); beyond that it gets a GenericError and is
 *   disconnected. (QEMU's own limit, 64 MiB per message, still applies.)
 * - Output: when more than `maxOutputBytes` of replies wait to be sent, the
 *   connection stops reading (and feeding) until the client has read them
 *   all; a client that has not done so `stallMs` later is dropped.
 * - End of input: the remaining requests are answered, then the connection
 *   is closed (as `cpumodel qmp` does at the end of stdin). `quit` closes
 *   this connection only, after its SHUTDOWN event and reply.
 * - drain(): answer what has been read, stop reading, flush, close; a client
 *   that does not take its replies within `drainMs` is dropped.
 */
import type { Socket } from 'node:net';
import type { QmpSession } from '../qmp/session.js';

export interface ConnectionLimits {
  maxRequestBytes: number;
  maxOutputBytes: number;
  stallMs: number;
  drainMs: number;
}

/**
 * Small, so that one slice of tiny requests cannot overshoot the output
 * limit by much: at most 8 replies (the largest, query-cpu-definitions, is
 * about 60 KB for a 36-byte request).
 */
export const SLICE = 256;

export class QmpConnection {
  private readonly pending: Buffer[] = [];
  private sinceReply = 0;
  private inputEnded = false;
  private closing = false;
  private timer: NodeJS.Timeout | undefined;
  readonly done: Promise<void>;

  constructor(private readonly socket: Socket, private readonly session: QmpSession, private readonly limits: ConnectionLimits) {
    this.done = new Promise((resolve) => socket.once('close', () => { this.clearTimer(); resolve(); }));
    socket.on('data', (chunk: Buffer) => { if (!this.closing) { this.pending.push(chunk); this.pump(); } });
    socket.on('end', () => { this.inputEnded = true; this.pump(); });
    socket.on('drain', () => this.onDrain());
    socket.on('error', () => socket.destroy());
    socket.write(session.greeting());
  }

  /** Bytes of replies not yet taken by the client. */
  get backlog(): number {
    return this.socket.writableLength;
  }

  /** Answers what has been read, stops reading, and closes within `drainMs`. */
  drain(): Promise<void> {
    if (!this.closing) {
      this.feedAll(Infinity);
      this.close();
    }
    return this.done;
  }

  private pump(): void {
    if (this.closing) return;
    this.feedAll(this.limits.maxOutputBytes);
    if (this.closing) return;
    if (this.backlog > this.limits.maxOutputBytes) return this.stall();
    if (this.inputEnded) return this.close();
    this.socket.resume();
  }

  /** Feeds pending input while the backlog is at most `maxOutput`. */
  private feedAll(maxOutput: number): void {
    while (this.pending.length > 0 && !this.closing && this.backlog <= maxOutput) {
      const head = this.pending[0]!;
      const slice = head.subarray(0, SLICE);
      if (slice.length === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(SLICE);
      this.feed(slice);
    }
  }

  private feed(slice: Buffer): void {
    const lines = this.answer(slice);
    if (lines === null) return;
    if (lines.length > 0) this.socket.write(lines.join(''));
    this.sinceReply = lines.length > 0 ? 0 : this.sinceReply + slice.length;
    if (this.session.closed) return this.close();
    if (this.sinceReply > this.limits.maxRequestBytes) {
      this.fail(`more than ${this.limits.maxRequestBytes} bytes without a complete request`);
    }
  }

  /** The session's lines; a bug that throws ends this connection only (its state is unknown), not the server. */
  private answer(slice: Buffer): string[] | null {
    try {
      return this.session.onInput(slice);
    } catch (e) {
      this.fail(`internal error: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  private fail(reason: string): void {
    const desc = JSON.stringify(`cpumodel serve: ${reason}; closing the connection`);
    this.socket.write(`{"error": {"class": "GenericError", "desc": ${desc}}}\r\n`);
    this.close();
  }

  /** Too many unread replies: stop reading until the client catches up, or drop it. */
  private stall(): void {
    this.socket.pause();
    if (!this.timer) this.timer = setTimeout(() => this.socket.destroy(), this.limits.stallMs);
  }

  private onDrain(): void {
    if (this.closing) return;
    this.clearTimer();
    this.pump();
  }

  /** No more input: flush and close, or drop the client after `drainMs`. */
  private close(): void {
    if (this.closing) return;
    this.closing = true;
    this.pending.length = 0;
    this.socket.resume(); // read (and drop) until the client's end, so that the socket can close
    this.clearTimer();
    this.socket.end();
    this.timer = setTimeout(() => this.socket.destroy(), this.limits.drainMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
