import { afterEach, describe, expect, it, vi } from 'vitest';
import { CAPS, LineReader, open, reference, startServer, until, type Running } from './harness.js';

/** The idle and request clocks: idle clients and slow partial requests are disconnected, complete requests keep a client. */
let running: Running | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await running?.stop();
  running = undefined;
});

const GREETING = reference('')[0];

/** Writes `piece` every `everyMs` until the socket closes. */
function trickle(socket: ReturnType<typeof open>, piece: () => string, everyMs: number): void {
  const timer = setInterval(() => { if (!socket.destroyed && socket.writable) socket.write(piece()); }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

describe('cpumodel serve timeouts', () => {
  it('closes an idle connection without a word, after its last complete request', async () => {
    running = await startServer({ idleMs: 200 });
    const socket = open(running.unix);
    const reader = new LineReader(socket);
    expect(await reader.next()).toBe(GREETING);
    socket.write(CAPS);
    expect(await reader.next()).toBe(reference(CAPS)[1]);
    expect(await reader.next()).toBeNull();
    await until(() => running!.server.clients === 0, 'the idle client gone');
  });

  it('counts bytes that are no request (whitespace) as idle', async () => {
    running = await startServer({ idleMs: 300 });
    const socket = open(running.tcp);
    const reader = new LineReader(socket);
    trickle(socket, () => ' ', 20);
    expect(await reader.next()).toBe(GREETING);
    expect(await reader.next()).toBeNull();
  });

  it('drops a client whose request does not complete in time, however steadily it sends', async () => {
    running = await startServer({ requestMs: 300, idleMs: 0 });
    const socket = open(running.unix);
    socket.on('error', () => undefined);
    const reader = new LineReader(socket);
    socket.write(`${CAPS}{"execute":"query-version","id":[`);
    trickle(socket, () => '1,', 10);
    expect([await reader.next(), await reader.next()]).toEqual(reference(CAPS));
    expect(await reader.next()).toBe('{"error": {"class": "GenericError", "desc": "cpumodel serve: no complete request within 0.3 s; closing the connection"}}\r\n');
    expect(await reader.next()).toBeNull();
    expect(running.server.buffered).toBe(0);
  });

  it('keeps a client that completes a request within each idle period (clock faked)', async () => {
    running = await startServer({ idleMs: 1000, requestMs: 400 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const socket = open(running.unix);
    const reader = new LineReader(socket);
    const ask = async (id: number) => {
      socket.write(`{"execute":"query-version","id":${id}}\n`);
      return (await reader.next())?.endsWith(`"id": ${id}}\r\n`);
    };
    expect(await reader.next()).toBe(GREETING);
    socket.write(CAPS);
    expect(await reader.next()).toBe(reference(CAPS)[1]);
    for (let id = 1; id <= 5; id++) {
      await vi.advanceTimersByTimeAsync(900); // 4.5 s in all: more than the idle timeout, never idle that long
      expect(await ask(id)).toBe(true);
    }
    socket.write('{"execute":');
    await vi.advanceTimersByTimeAsync(300); // a request in progress: the request clock runs, not the idle one
    socket.write('"query-version","id":6}\n');
    expect(await reader.next()).toMatch(/"id": 6\}\r\n$/);
    await vi.advanceTimersByTimeAsync(1001);
    expect(await reader.next()).toBeNull();
  });
});
