/**
 * Test helpers for `cpumodel serve`: an in-process server on a unix socket
 * and a TCP loopback port, raw clients, and the reference answer of a fresh
 * QmpSession for the same bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinEngine } from '../../src/index.js';
import type { QmpSession } from '../../src/qmp/session.js';
import { createQmpSession } from '../../src/server/qmp-server.js';
import { QmpServer, type ServeLimits } from '../../src/server/serve.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The package string `cpumodel qmp` and `cpumodel serve` report. */
export const packageName = (profile: string): string => `cpumodel ${VERSION} (${profile} rules)`;
export const CAPS = '{"execute":"qmp_capabilities"}\n';

export type Target = { path: string } | { port: number; host: string };

export function newSession(profile = 'qemu-10.0'): QmpSession {
  return createQmpSession(builtinEngine(profile), packageName(profile));
}

export interface Running {
  server: QmpServer;
  unix: Target;
  tcp: Target;
  dir: string;
  stop(): Promise<void>;
}

export async function startServer(limits: Partial<ServeLimits> = {}, profile = 'qemu-10.0'): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-serve-'));
  const server = new QmpServer(() => newSession(profile), limits);
  const path = join(dir, 'qmp.sock');
  await server.listen({ kind: 'unix', path });
  const tcp = await server.listen({ kind: 'tcp', host: '127.0.0.1', port: 0 });
  const port = Number(tcp.split(':').at(-1));
  const stop = async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { server, unix: { path }, tcp: { port, host: '127.0.0.1' }, dir, stop };
}

export function open(target: Target): Socket {
  return 'path' in target ? connect(target.path) : connect(target.port, target.host);
}

/** The text of a whole connection: write `input` (in `chunks` if given), end it, read until the server closes. */
export function exchange(target: Target, input: string | Buffer, timeoutMs = 10_000, chunks: number[] = []): Promise<string> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return new Promise((resolve, reject) => {
    const socket = open(target);
    const out: Buffer[] = [];
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no end of answer within ${timeoutMs} ms`)); }, timeoutMs);
    socket.on('data', (d: Buffer) => out.push(d));
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(out).toString('latin1')); });
    let at = 0;
    for (const size of chunks) {
      socket.write(bytes.subarray(at, at + size));
      at += size;
    }
    socket.end(bytes.subarray(at));
  });
}

/** Lines as written, each ending in "\r\n" (bytes kept as latin1 chars). */
export const lines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Event timestamps vary; they are compared as zero. */
export const normalize = (line: string): string =>
  line.replace(/"timestamp": \{"seconds": \d+, "microseconds": \d+\}/, '"timestamp": {"seconds": 0, "microseconds": 0}');

/** What a fresh session answers to `input`, as the bytes a socket carries (latin1 text). */
export function reference(input: string | Buffer, profile = 'qemu-10.0'): string[] {
  const session = newSession(profile);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const text = [session.greeting(), ...session.onInput(bytes)].join('');
  return lines(Buffer.from(text, 'utf8').toString('latin1')).map(normalize);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `cond()` holds (polling); fails with `what` if it does not within `timeoutMs`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

/** Resolves when the socket has closed. */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    else socket.once('close', () => resolve());
  });
}

/** Reads a socket line by line (each line with its "\r\n"). */
export class LineReader {
  private buffer = '';
  private wanted: (() => void) | null = null;
  private ended = false;

  constructor(socket: Socket) {
    socket.on('data', (d: Buffer) => { this.buffer += d.toString('latin1'); this.wanted?.(); });
    socket.on('close', () => { this.ended = true; this.wanted?.(); });
  }

  /** The next line, or null once the connection has closed. */
  next(timeoutMs = 10_000): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.wanted = null; reject(new Error(`no line within ${timeoutMs} ms`)); }, timeoutMs);
      const take = () => {
        const nl = this.buffer.indexOf('\n');
        if (nl < 0 && !this.ended) return;
        this.wanted = null;
        clearTimeout(timer);
        if (nl < 0) return resolve(null);
        resolve(this.buffer.slice(0, nl + 1));
        this.buffer = this.buffer.slice(nl + 1);
      };
      this.wanted = take;
      take();
    });
  }
}
