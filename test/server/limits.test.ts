import { afterEach, describe, expect, it } from 'vitest';
import { SLICE } from '../../src/server/connection.js';
import { CAPS, closed as socketClosed, exchange, LineReader, lines, open, reference, sleep, startServer, until, type Running } from './harness.js';

/** Clients that misbehave: each case ends with the server still answering a fresh client. */
let running: Running | undefined;
afterEach(async () => { await running?.stop(); running = undefined; });

const PROBE = `${CAPS}{"execute":"query-version","id":"probe"}\n`;

async function stillServes(r: Running): Promise<void> {
  expect(lines(await exchange(r.unix, PROBE))).toEqual(reference(PROBE));
  expect(lines(await exchange(r.tcp, PROBE))).toEqual(reference(PROBE));
}

function closed(socket: ReturnType<typeof open>, timeoutMs: number): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not closed')), timeoutMs);
    socket.on('close', () => { clearTimeout(timer); resolve(Date.now() - start); });
  });
}

describe('cpumodel serve under misbehaving clients', () => {
  it('cuts off a client that sends more than --max-request bytes without a complete request', async () => {
    running = await startServer({ maxRequestBytes: 64 * 1024 });
    const out = lines(await exchange(running.unix, `${CAPS}"${'a'.repeat(200_000)}`));
    expect(out.slice(0, 2)).toEqual(reference(CAPS));
    expect(out[2]).toBe('{"error": {"class": "GenericError", "desc": "cpumodel serve: more than 65536 bytes without a complete request; closing the connection"}}\r\n');
    expect(out).toHaveLength(3);
    await stillServes(running);
  });

  it('accepts requests up to the limit, one after another without end', async () => {
    running = await startServer({ maxRequestBytes: 64 * 1024 });
    const big = `{"execute":"query-version","id":"${'x'.repeat(50_000)}"}\n`;
    const input = CAPS + big.repeat(10);
    expect(lines(await exchange(running.tcp, input))).toEqual(reference(input));
  });

  it('stops reading from a client that never reads, then drops it after the stall timeout', async () => {
    running = await startServer({ maxOutputBytes: 64 * 1024, stallMs: 400 });
    const socket = open(running.unix);
    socket.on('error', () => undefined);
    socket.pause();
    socket.write(CAPS + '{"execute":"query-cpu-definitions"}\n'.repeat(5000));
    await sleep(200);
    // At most the limit plus what one slice of tiny requests produces (8 replies of about 61 KB).
    expect(running.server.backlog).toBeGreaterThan(64 * 1024);
    expect(running.server.backlog).toBeLessThan(64 * 1024 + Math.ceil(SLICE / 36) * 62_000);
    await stillServes(running);
    const start = Date.now();
    while (running.server.clients > 0 && Date.now() - start < 5000) await sleep(20);
    expect(running.server.clients).toBe(0);
    socket.resume();
    await closed(socket, 5000);
  });

  it('gives a client replies many times the output limit, pausing and resuming', async () => {
    running = await startServer({ maxOutputBytes: 16 * 1024, stallMs: 2000 });
    const input = CAPS + '{"execute":"query-cpu-definitions"}\n'.repeat(200);
    expect(lines(await exchange(running.tcp, input, 30_000))).toEqual(reference(input));
  });

  it('survives clients that vanish mid-message, mid-reply or at once', async () => {
    running = await startServer();
    for (const input of ['{"execute":"query-cpu-model-exp', CAPS + '{"execute":"query-cpu-definitions"}\n'.repeat(50), '']) {
      const socket = open(running.unix);
      socket.on('error', () => undefined);
      socket.write(input);
      await sleep(20);
      socket.destroy();
    }
    const reset = open(running.tcp);
    reset.on('error', () => undefined);
    reset.on('connect', () => reset.resetAndDestroy());
    await sleep(100);
    await stillServes(running);
    expect(running.server.clients).toBe(0);
  });

  it('beyond --max-clients, clients wait without a greeting until one leaves (as at a QEMU monitor); beyond as many again, closed at once', async () => {
    running = await startServer({ maxClients: 3 });
    const r = running;
    const held = [0, 1, 2].map(() => open(r.unix));
    const heldLines = held.map((s) => new LineReader(s));
    for (const reader of heldLines) expect(await reader.next()).toBe(reference('')[0]);
    const events: string[] = [];
    const waiters = [0, 1, 2].map((i) => {
      const s = open(i % 2 ? r.tcp : r.unix);
      s.on('error', () => undefined);
      s.once('data', () => events.push(`greeting ${i}`));
      return s;
    });
    await until(() => r.server.waiting === 3, 'three clients waiting');
    const extra = open(r.unix);
    extra.on('error', () => undefined);
    let got = '';
    extra.on('data', (d: Buffer) => { got += d.toString(); });
    await socketClosed(extra);
    expect(got).toBe('');
    waiters[0]!.write(CAPS); // read only once it is served
    events.push('held 0 leaves');
    held[0]!.destroy();
    const first = new LineReader(waiters[0]!);
    expect([await first.next(), await first.next()]).toEqual(reference(CAPS));
    expect(events).toEqual(['held 0 leaves', 'greeting 0']);
    expect([r.server.clients, r.server.waiting]).toEqual([3, 2]);
    [...held, ...waiters].forEach((s) => s.destroy());
    await until(() => r.server.clients === 0 && r.server.waiting === 0, 'everybody gone');
    await stillServes(r);
  });
});
