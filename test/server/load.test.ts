import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine } from '../../src/index.js';
import { CAPS, LineReader, exchange, lines, normalize, open, reference, startServer, type Running } from './harness.js';

/**
 * Load on loopback: 200 clients at once (half unix, half TCP; half send
 * everything at once, half wait for each reply), 20 requests each, every
 * answer byte-identical to a fresh session's.
 */
const CLIENTS = 200;
const REQUESTS = 20;

let running: Running;
beforeAll(async () => { running = await startServer(); });
afterAll(async () => { await running.stop(); });

/** Client i's requests: a deterministic mix of the CPU-model queries. */
function requests(i: number, models: string[]): string[] {
  return Array.from({ length: REQUESTS }, (_, k) => {
    const a = models[(i * 7 + k * 3) % models.length]!;
    const b = models[(i * 13 + k * 5) % models.length]!;
    const id = `${i}-${k}`;
    switch (k % 4) {
      case 0: return JSON.stringify({ execute: 'query-cpu-model-expansion', arguments: { type: k % 8 ? 'static' : 'full', model: { name: a, props: { vx: false } } }, id });
      case 1: return JSON.stringify({ execute: 'query-cpu-model-comparison', arguments: { modela: { name: a }, modelb: { name: b } }, id });
      case 2: return JSON.stringify({ execute: 'query-cpu-model-baseline', arguments: { modela: { name: a }, modelb: { name: b } }, id });
      default: return JSON.stringify({ execute: k === 19 ? 'query-cpu-definitions' : 'nosuch', id });
    }
  }).map((r) => `${r}\n`);
}

async function lockstep(i: number, input: string[]): Promise<string[]> {
  const socket = open(i % 2 ? running.unix : running.tcp);
  const reader = new LineReader(socket);
  const out = [await reader.next(30_000)];
  for (const r of input) {
    socket.write(r);
    out.push(await reader.next(30_000));
  }
  socket.end();
  expect(await reader.next(30_000)).toBeNull(); // the server closes after the client's end
  return out.map((l) => normalize(l ?? 'closed'));
}

describe('cpumodel serve under load', () => {
  it(`${CLIENTS} concurrent clients × ${REQUESTS} requests, all answers correct`, async () => {
    const models = builtinEngine('qemu-10.0').modelNames();
    const start = Date.now();
    const results = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
      const input = [CAPS, ...requests(i, models)];
      const got = i % 4 < 2
        ? lines(await exchange(i % 2 ? running.unix : running.tcp, input.join(''), 60_000)).map(normalize)
        : await lockstep(i, input);
      return { got, want: reference(input.join('')) };
    }));
    for (const { got, want } of results) expect(got).toEqual(want);
    expect(results.reduce((n, r) => n + r.got.length, 0)).toBe(CLIENTS * (REQUESTS + 2));
    expect(Date.now() - start).toBeLessThan(60_000);
    expect(running.server.clients).toBe(0);
  });
});
