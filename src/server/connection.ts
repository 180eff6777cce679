/**
 * One client connection of `cpumodel serve`: its own QmpSession, fed from
 * the socket, with bounded memory and time whatever the client does.
 *
 * - Input: fed to the session in slices (feed.ts). A client may send at
 *   most `maxRequestBytes` between two replies; beyond that it gets a
 *   GenericError and is disconnected. (QEMU's own limit, 64 MiB per
 *   message, still applies.) The input bytes it holds (queued, and the
 *   request in progress) are reported to the server, which keeps a total.
 * - Output: the replies to the slices fed in one go are gathered and
 *   written with one write. When more than `maxOutputBytes` of replies wait to be sent, the
 *   connection stops reading (and feeding) until the client has read them
 *   all; a client that has not done so `stallMs` later is dropped.
 * - Time: a request in progress that is not complete `requestMs` after it
 *   began gets a GenericError and a disconnect (a slow or stuck client); a
 *   connection with no request in progress and none complete for `idleMs`
 *   is closed without a word (no request is outstanding that a reply could
 *   answer). Both clocks stop while the server waits for the client to read
 *   its replies, and restart when it has. 0 turns either off.
 * - End of input: the remaining requests are answered, then the connection
 *   is closed (as `cpumodel qmp` does at the end of stdin). `quit` closes
 *   this connection only, after its SHUTDOWN event and reply.
 * - Closing: flush, end, and destroy the socket `drainMs` later if the
 *   client has not closed its side by then.
 * - drain() (server shutdown): answer the input already read, as the client
 *   takes the replies (never more than `maxOutputBytes` waiting), ignore
 *   what arrives later, close; `drainMs` after drain() the socket is
 *   destroyed whatever remains.
 */
import type { Socket } from 'node:net';
import type { QmpSession } from '../qmp/session.js';
import { SessionFeed } from './feed.js';
import { ReplyLines } from './reply-lines.js';

export { SLICE } from './feed.js';

export interface ConnectionLimits {
  maxRequestBytes: number;
  maxOutputBytes: number;
  stallMs: number;
  drainMs: number;
  idleMs: number;
  requestMs: number;
}

/** `held` is called with the change of the input bytes this connection holds. */
export interface ConnectionHooks {
  held(delta: number): void;
}

type State = 'open' | 'draining' | 'closing';

const now = (): number => performance.now();

export class QmpConnection {
  /** The session and its input; let go once the connection closes. */
  private feed: SessionFeed | undefined;
  private state: State = 'open';
  private inputEnded = false;
  private sinceReply = 0;
  private held = 0;
  /** When the last request was complete (or the connection opened). */
  private lastRequest = now();
  /** When the request in progress began, or null. */
  private requestStart: number | null = null;
  private watch: NodeJS.Timeout | undefined;
  private watchAt = Infinity;
  private stallTimer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private flushing = false;
  /** Replies gathered for the next write. */
  private readonly out = new ReplyLines();
  readonly done: Promise<void>;

  constructor(private readonly socket: Socket, session: QmpSession, private readonly limits: ConnectionLimits, private readonly hooks: ConnectionHooks) {
    this.feed = new SessionFeed(session);
    this.done = new Promise((resolve) => socket.once('close', () => { this.closed(); resolve(); }));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => { this.inputEnded = true; this.pumpAndCount(); });
    socket.on('error', () => socket.destroy());
    socket.write(session.greeting());
    socket.resume(); // accepted paused (clients may wait before they are served)
    this.arm(this.dueAt());
  }

  /** Bytes of replies not yet taken by the client (the replies gathered are ASCII). */
  get backlog(): number {
    return this.socket.writableLength + this.out.length;
  }

  /** Input bytes held: read and not yet answered, or part of a request in progress. */
  get heldBytes(): number {
    return this.held;
  }

  /** Answers what has been read, as the client takes it; closes within `drainMs`. */
  drain(): Promise<void> {
    if (this.state !== 'open') return this.done;
    this.state = 'draining';
    this.clearTimers();
    this.deadline = setTimeout(() => this.socket.destroy(), this.limits.drainMs);
    this.socket.resume(); // what arrives from now on is read and dropped
    this.pumpAndCount();
    return this.done;
  }

  /** Ends the connection with a GenericError that says why. */
  drop(reason: string): void {
    if (this.state === 'closing') return;
    this.writeOut();
    const desc = JSON.stringify(`cpumodel serve: ${reason}; closing the connection`);
    this.socket.write(`{"error": {"class": "GenericError", "desc": ${desc}}}\r\n`);
    this.close();
  }

  private onData(chunk: Buffer): void {
    if (this.state !== 'open' || !this.feed) return;
    this.feed.push(chunk);
    this.pumpAndCount();
  }

  /** Calls onFlushed() once every reply written so far has been sent (whatever the socket's highWaterMark). */
  private awaitFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    this.socket.write('', () => { this.flushing = false; this.onFlushed(); });
  }

  private onFlushed(): void {
    if (this.state === 'closing') return;
    if (this.stallTimer) {
      clearTimeout(this.stallTimer);
      this.stallTimer = undefined;
      this.restartClocks();
    }
    this.pumpAndCount();
  }

  private pumpAndCount(): void {
    this.pump();
    this.count();
  }

  /** Feeds queued input while the backlog allows, then reads on, waits, or closes. */
  private pump(): void {
    const max = this.limits.maxOutputBytes;
    do {
      while (this.feed && this.backlog <= max) {
        const slice = this.feed.next();
        if (!slice) break;
        this.feedSlice(this.feed.session, slice);
      }
      this.writeOut();
    } while (this.feed && !this.feed.empty && this.backlog <= max);
    if (!this.feed) return;
    if (this.backlog > max) {
      if (this.state === 'open') this.stall();
      return this.awaitFlush();
    }
    if (this.state === 'draining' || this.inputEnded) return this.close();
    this.socket.resume();
  }

  private feedSlice(session: QmpSession, slice: Buffer): void {
    const lines = this.answer(session, slice);
    if (lines === null) return;
    if (lines.length > 0) {
      this.out.add(lines);
      this.sinceReply = 0;
      this.lastRequest = now();
    } else {
      this.sinceReply += slice.length;
    }
    if (session.closed) return this.close();
    if (this.sinceReply > this.limits.maxRequestBytes) {
      return this.drop(`more than ${this.limits.maxRequestBytes} bytes without a complete request`);
    }
    this.trackRequest(session.midRequest);
  }

  private writeOut(): void {
    const bytes = this.out.take();
    if (bytes) this.socket.write(bytes);
  }

  /** The session's lines; a bug that throws ends this connection only (its state is unknown), not the server. */
  private answer(session: QmpSession, slice: Buffer): string[] | null {
    try {
      return session.onInput(slice);
    } catch (e) {
      this.drop(`internal error: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  /** Reports a change of the input bytes held to the server. */
  private count(): void {
    const held = this.feed?.heldBytes ?? 0;
    if (held === this.held) return;
    const delta = held - this.held;
    this.held = held;
    this.hooks.held(delta);
  }

  /** Too many unread replies: stop reading until the client catches up, or drop it. */
  private stall(): void {
    this.socket.pause();
    this.disarm();
    this.stallTimer ??= setTimeout(() => this.socket.destroy(), this.limits.stallMs);
  }

  /** No more input: flush and close, or drop the client after `drainMs`. */
  private close(): void {
    if (this.state === 'closing') return;
    this.writeOut();
    this.state = 'closing';
    this.feed = undefined;
    this.count();
    this.disarm();
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.socket.resume(); // read (and drop) until the client's end, so that the socket can close
    this.socket.end();
    this.deadline ??= setTimeout(() => this.socket.destroy(), this.limits.drainMs);
  }

  private closed(): void {
    this.out.clear();
    this.state = 'closing';
    this.feed = undefined;
    this.count();
    this.clearTimers();
  }

  private clearTimers(): void {
    this.disarm();
    clearTimeout(this.stallTimer);
    clearTimeout(this.deadline);
    this.stallTimer = undefined;
    this.deadline = undefined;
  }

  // The idle and request clocks: one timer, armed for the earlier deadline;
  // it re-arms itself when the deadline has moved on since.

  private trackRequest(mid: boolean): void {
    if (!mid) {
      this.requestStart = null;
      return;
    }
    if (this.requestStart !== null) return;
    this.requestStart = now();
    const due = this.dueAt();
    if (due < this.watchAt) this.arm(due);
  }

  private restartClocks(): void {
    this.lastRequest = now();
    if (this.requestStart !== null) this.requestStart = this.lastRequest;
    this.arm(this.dueAt());
  }

  private dueAt(): number {
    const { idleMs, requestMs } = this.limits;
    if (this.requestStart !== null) return requestMs > 0 ? this.requestStart + requestMs : Infinity;
    return idleMs > 0 ? this.lastRequest + idleMs : Infinity;
  }

  private arm(at: number): void {
    this.disarm();
    if (at === Infinity) return;
    this.watchAt = at;
    this.watch = setTimeout(() => this.onWatch(), Math.max(0, at - now()));
  }

  private disarm(): void {
    clearTimeout(this.watch);
    this.watch = undefined;
    this.watchAt = Infinity;
  }

  private onWatch(): void {
    this.watch = undefined;
    this.watchAt = Infinity;
    if (this.state !== 'open' || this.stallTimer) return;
    const due = this.dueAt();
    if (now() < due) return this.arm(due);
    if (this.requestStart === null) return this.close();
    this.drop(`no complete request within ${this.limits.requestMs / 1000} s`);
  }
}
