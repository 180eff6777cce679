import { afterEach, describe, expect, it } from 'vitest';
import { CAPS, LineReader, open, reference, startServer, until, type Running } from './harness.js';

/** Input held per connection is about the bytes held; all connections together stay under --max-buffered. */
let running: Running | undefined;
afterEach(async () => { await running?.stop(); running = undefined; });

const KB = 1024;
/** A partial request of one-byte tokens (the costliest shape), `size` bytes long. */
const partial = (size: number): string => `{"execute":"query-version","id":[${'1,'.repeat((size - 33) >> 1)}`;

function client(r: Running, i: number) {
  const socket = open(i % 2 ? r.tcp : r.unix);
  socket.on('error', () => undefined);
  return { socket, reader: new LineReader(socket) };
}

describe('cpumodel serve input memory', () => {
  it('counts about the bytes held per connection, and nothing once they are answered or gone', async () => {
    running = await startServer({ maxRequestBytes: 1024 * KB });
    const r = running;
    const clients = [0, 1, 2, 3].map((i) => client(r, i));
    for (const c of clients) c.socket.write(CAPS + partial(200 * KB));
    await until(() => r.server.buffered >= 4 * 200 * KB, 'every partial request read');
    expect(r.server.buffered).toBeLessThanOrEqual(4 * 1.5 * 200 * KB); // was ~40 bytes per byte, when tokens were kept as objects
    clients[0]!.socket.write('1]}\n');
    const first = clients[0]!.reader;
    expect([await first.next(), await first.next(), await first.next()].at(-1)).toMatch(/^\{"return": \{"qemu"/);
    await until(() => r.server.buffered <= 3 * 1.5 * 200 * KB + 8 * KB, 'the answered request let go');
    clients.forEach((c) => c.socket.destroy());
    await until(() => r.server.clients === 0, 'every client gone');
    expect(r.server.buffered).toBe(0);
  });

  it('past --max-buffered, drops the connection holding the most with a GenericError; the others go on', async () => {
    running = await startServer({ maxRequestBytes: 1024 * KB, maxBuffered: 300 * KB });
    const r = running;
    const [big, small, late] = [0, 1, 2].map((i) => client(r, i));
    big!.socket.write(CAPS + partial(180 * KB));
    await until(() => r.server.buffered >= 180 * KB, 'the big request read');
    small!.socket.write(CAPS + partial(20 * KB));
    await until(() => r.server.buffered >= 200 * KB, 'the small request read');
    late!.socket.write(CAPS + partial(120 * KB));
    expect([await big!.reader.next(), await big!.reader.next()]).toEqual(reference(CAPS));
    expect(await big!.reader.next()).toMatch(/^\{"error": \{"class": "GenericError", "desc": "cpumodel serve: all connections hold more than 307200 bytes of unanswered input, this one the most \(\d+\); closing the connection"\}\}\r\n$/);
    expect(await big!.reader.next()).toBeNull();
    for (const c of [small!, late!]) {
      c.socket.write('1]}\n');
      expect([await c.reader.next(), await c.reader.next(), await c.reader.next()].at(-1)).toMatch(/^\{"return": \{"qemu"/);
    }
    expect(r.server.buffered).toBeLessThanOrEqual(300 * KB);
  });
});
