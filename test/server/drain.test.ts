import { describe, expect, it } from 'vitest';
import { SLICE } from '../../src/server/feed.js';
import { CAPS, closed, LineReader, lines, open, reference, startServer, until } from './harness.js';

/** Draining (SIGTERM, SIGINT): bounded in memory and in time, whatever the clients do. */
const DEFINITIONS = '{"execute":"query-cpu-definitions"}\n';
const REPLY = 62_000; // query-cpu-definitions, a little more than its ~60 KB
const OVERSHOOT = Math.ceil(SLICE / DEFINITIONS.length) * REPLY; // the replies to one slice of input

describe('cpumodel serve drain', () => {
  it('never holds more than --max-output per client, and force-closes clients that never read', async () => {
    const maxOutputBytes = 64 * 1024;
    const running = await startServer({ maxOutputBytes, drainMs: 300, stallMs: 60_000 });
    const clients = Array.from({ length: 10 }, (_, i) => {
      const socket = open(i % 2 ? running.unix : running.tcp);
      socket.on('error', () => undefined);
      socket.pause(); // never reads
      socket.write(CAPS + DEFINITIONS.repeat(300)); // ~17 MB of replies each
      return socket;
    });
    await until(() => running.server.clients === 10 && running.server.backlog > 10 * maxOutputBytes, 'every client stalled');
    const draining = running.server.close();
    // close() answers what it may at once: still within the output limit (plus one slice's replies) per client.
    expect(running.server.backlog).toBeLessThanOrEqual(10 * (maxOutputBytes + OVERSHOOT));
    await draining;
    expect([running.server.clients, running.server.buffered]).toEqual([0, 0]);
    clients.forEach((c) => c.resume()); // a paused socket would not notice that it was closed
    await Promise.all(clients.map(closed));
    await running.stop();
  });

  it('goes on answering a client that reads, as it takes the replies, within the bound', async () => {
    const running = await startServer({ maxOutputBytes: 64 * 1024, drainMs: 10_000 });
    const socket = open(running.unix);
    const input = CAPS + DEFINITIONS.repeat(40);
    socket.pause();
    socket.write(input);
    await until(() => running.server.backlog > 64 * 1024, 'the client stalled');
    const draining = running.server.close();
    const reader = new LineReader(socket);
    socket.resume();
    const got: string[] = [];
    for (let line = await reader.next(); line !== null; line = await reader.next()) got.push(line);
    await draining;
    expect(got).toEqual(reference(input)); // all 40 had been read before the drain began
    expect(lines(got.join(''))).toHaveLength(42);
    await running.stop();
  });
});
