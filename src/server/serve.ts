/**
 * `cpumodel serve`: QMP over unix and TCP sockets, one QmpSession per
 * connection, answering byte for byte as `cpumodel qmp` does on stdio.
 *
 * - Limits per connection: see connection.ts.
 * - `maxClients` connections are served at once. A client beyond that
 *   waits, as at a QEMU monitor that already has its client: connected, but
 *   no greeting and nothing read until a served client leaves (first come,
 *   first served). At most `maxClients` wait; a client beyond those is
 *   closed at once.
 * - `maxBuffered`: the input bytes held across all connections (read and
 *   not yet answered, or part of a request in progress). Past it, the
 *   connections holding the most are dropped with a GenericError until the
 *   total is back under it.
 * - close() drains: stop accepting, close the waiting clients, answer what
 *   has been read, flush, close every connection (all within `drainMs`),
 *   remove the unix socket files.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { QmpSession } from '../qmp/session.js';
import { QmpConnection, type ConnectionLimits } from './connection.js';
import { bind, formatAddress, ListenError, type Address } from './listen.js';

export interface ServeLimits extends ConnectionLimits {
  maxClients: number;
  maxBuffered: number;
}

/**
 * The defaults. Memory per connection: about the input it holds (at most
 * `maxRequestBytes` plus one read) and up to `maxOutputBytes` plus one
 * slice's replies of unread output; all connections together hold at most
 * `maxBuffered` of input.
 */
export const DEFAULT_LIMITS: ServeLimits = {
  maxRequestBytes: 256 * 1024,
  maxOutputBytes: 1024 * 1024,
  stallMs: 30_000,
  drainMs: 5_000,
  idleMs: 300_000,
  requestMs: 30_000,
  maxClients: 512,
  maxBuffered: 64 * 1024 * 1024,
};

interface Listener { server: Server; address: Address; name: string; inode?: number }

export class QmpServer {
  readonly limits: ServeLimits;
  private readonly listeners: Listener[] = [];
  private readonly connections = new Set<QmpConnection>();
  private readonly queue: Socket[] = [];
  private held = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly newSession: () => QmpSession, limits: Partial<ServeLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Listens on one more address; returns it as text (with the port TCP chose for port 0). */
  async listen(address: Address): Promise<string> {
    if (this.closing) throw new Error('the server is closing');
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => this.accept(socket));
    let inode: number | undefined;
    try {
      await bind(server, address);
      inode = address.kind === 'unix' ? lstatSync(address.path).ino : undefined;
    } catch (e) {
      server.close(); // for a unix socket, libuv removes the file it created
      throw e instanceof ListenError ? e : new ListenError(`cannot listen on ${describe(address)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const name = formatAddress(server, address);
    this.listeners.push({ server, address, name, inode });
    return name;
  }

  get addresses(): string[] {
    return this.listeners.map((l) => l.name);
  }

  /** Clients being served. */
  get clients(): number {
    return this.connections.size;
  }

  /** Clients connected and waiting for one of those to leave. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Input bytes held across all connections (read and not yet answered, or part of a request in progress). */
  get buffered(): number {
    return this.held;
  }

  /** Bytes of replies written but not yet taken by the clients, summed. */
  get backlog(): number {
    let sum = 0;
    for (const c of this.connections) sum += c.backlog;
    return sum;
  }

  private accept(socket: Socket): void {
    if (this.closing) return void socket.destroy();
    if (this.connections.size < this.limits.maxClients) return this.serve(socket);
    if (this.queue.length >= this.limits.maxClients) return void socket.destroy();
    this.queue.push(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.unqueue(socket));
  }

  private serve(socket: Socket): void {
    socket.setNoDelay(true);
    const connection = new QmpConnection(socket, this.newSession(), this.limits, { held: (delta) => this.onHeld(delta) });
    this.connections.add(connection);
    void connection.done.then(() => this.leave(connection));
  }

  private leave(connection: QmpConnection): void {
    this.connections.delete(connection);
    const next = this.queue.shift();
    if (next && !this.closing) this.serve(next);
  }

  private unqueue(socket: Socket): void {
    const at = this.queue.indexOf(socket);
    if (at >= 0) this.queue.splice(at, 1);
  }

  private onHeld(delta: number): void {
    this.held += delta;
    if (delta > 0 && this.held > this.limits.maxBuffered) this.shed();
  }

  /** Over the budget: drops the connections holding the most input until the total is within it. */
  private shed(): void {
    while (this.held > this.limits.maxBuffered) {
      let worst: QmpConnection | undefined;
      for (const c of this.connections) if (c.heldBytes > (worst?.heldBytes ?? 0)) worst = c;
      if (!worst) return;
      worst.drop(`all connections hold more than ${this.limits.maxBuffered} bytes of unanswered input, this one the most (${worst.heldBytes})`);
    }
  }

  /** Drains and stops; resolves when every connection is closed and every socket file removed. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const stopped = this.listeners.map((l) => new Promise<void>((resolve) => l.server.close(() => resolve())));
    for (const socket of this.queue.splice(0)) socket.destroy();
    await Promise.all([...this.connections].map((c) => c.drain()));
    await Promise.all(stopped);
    for (const l of this.listeners) removeSocketFile(l);
  }
}

function describe(address: Address): string {
  return address.kind === 'unix' ? `unix:${address.path}` : `tcp:${address.host}:${address.port}`;
}

/** Removes the unix socket file if it is still the one this server created. */
function removeSocketFile(l: Listener): void {
  if (l.address.kind !== 'unix') return;
  try {
    if (lstatSync(l.address.path).ino === l.inode) unlinkSync(l.address.path);
  } catch {
    // already gone (libuv removes it on close)
  }
}
