/**
 * `cpumodel serve`: QMP over unix and TCP sockets, one QmpSession per
 * connection, answering byte for byte as `cpumodel qmp` does on stdio.
 * Limits are per connection (see connection.ts) plus `maxClients`
 * connections at once (more are closed as soon as they are accepted).
 * close() drains: stop accepting, answer what has been read, flush, close
 * every connection (bounded by `drainMs`), remove the unix socket files.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { QmpSession } from '../qmp/session.js';
import { QmpConnection, type ConnectionLimits } from './connection.js';
import { bind, formatAddress, type Address } from './listen.js';

export interface ServeLimits extends ConnectionLimits {
  maxClients: number;
}

/**
 * The defaults. Memory per connection: the parser keeps ~40 bytes per token
 * of a request in progress, so a request of one-byte tokens (`[1,1,1,…`)
 * costs ~10 MB at 256 KiB, plus up to ~1.5 MB of unread replies. Real
 * requests are below 20 KB.
 */
export const DEFAULT_LIMITS: ServeLimits = {
  maxRequestBytes: 256 * 1024,
  maxOutputBytes: 1024 * 1024,
  stallMs: 30_000,
  drainMs: 5_000,
  maxClients: 512,
};

interface Listener { server: Server; address: Address; name: string; inode?: number }

export class QmpServer {
  readonly limits: ServeLimits;
  private readonly listeners: Listener[] = [];
  private readonly connections = new Set<QmpConnection>();
  private closing: Promise<void> | undefined;

  constructor(private readonly newSession: () => QmpSession, limits: Partial<ServeLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Listens on one more address; returns it as text (with the port TCP chose for port 0). */
  async listen(address: Address): Promise<string> {
    if (this.closing) throw new Error('the server is closing');
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: false }, (socket) => this.accept(socket));
    server.maxConnections = this.limits.maxClients;
    await bind(server, address);
    const inode = address.kind === 'unix' ? lstatSync(address.path).ino : undefined;
    const name = formatAddress(server, address);
    this.listeners.push({ server, address, name, inode });
    return name;
  }

  get addresses(): string[] {
    return this.listeners.map((l) => l.name);
  }

  get clients(): number {
    return this.connections.size;
  }

  /** Bytes of replies written but not yet taken by the clients, summed. */
  get backlog(): number {
    let sum = 0;
    for (const c of this.connections) sum += c.backlog;
    return sum;
  }

  private accept(socket: Socket): void {
    if (this.closing) return void socket.destroy();
    socket.setNoDelay(true);
    const connection = new QmpConnection(socket, this.newSession(), this.limits);
    this.connections.add(connection);
    void connection.done.then(() => this.connections.delete(connection));
  }

  /** Drains and stops; resolves when every connection is closed and every socket file removed. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const stopped = this.listeners.map((l) => new Promise<void>((resolve) => l.server.close(() => resolve())));
    await Promise.all([...this.connections].map((c) => c.drain()));
    await Promise.all(stopped);
    for (const l of this.listeners) removeSocketFile(l);
  }
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
