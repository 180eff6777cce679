import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_CASES } from '../qmp/protocol-cases.js';
import { CAPS, exchange, LineReader, lines, normalize, open, reference, startServer, type Running } from './harness.js';

/**
 * Scripted sessions over real sockets: the bytes a client gets from
 * `cpumodel serve` equal, line for line, what a fresh QmpSession (and
 * `cpumodel qmp` on stdio) writes for the same input.
 */
const req = (execute: string, args?: unknown, id?: unknown) => `${JSON.stringify({ execute, ...(args ? { arguments: args } : {}), ...(id !== undefined ? { id } : {}) })}\n`;

const SCRIPT = [
  req('query-version', undefined, 'before'),
  CAPS,
  req('query-cpu-model-expansion', { type: 'static', model: { name: 'z14', props: { vx: false, msa5: true } } }, 1),
  req('query-cpu-model-expansion', { type: 'full', model: { name: 'gen15a' } }, 2),
  req('query-cpu-model-comparison', { modela: { name: 'z13.2' }, modelb: { name: 'z13s' } }, 3),
  req('query-cpu-model-baseline', { modela: { name: 'z13' }, modelb: { name: 'z14', props: { te: false } } }, 4),
  req('query-cpu-model-expansion', { type: 'static', model: { name: 'z900', props: { vx: true } } }, 5),
  req('query-cpu-definitions', undefined, 6),
  req('x-cpumodel-explain', { question: 'feature', model: { name: 'z14' }, feature: 'vx' }, 7),
  req('query-commands', undefined, 8),
  req('nosuch', { a: 1 }, 9),
  'garbage\n{"execute": "query-version", "id": "after garbage"}\n',
  '{"execute": "query-version", "id": "split',
  ' across writes"}\n',
  req('quit', undefined, 'bye'),
  req('query-version', undefined, 'ignored after quit'),
].join('');

let running: Running;
beforeAll(async () => { running = await startServer(); });
afterAll(async () => { await running.stop(); });

describe('cpumodel serve answers like a QmpSession', () => {
  for (const transport of ['unix', 'tcp'] as const) {
    it(`a CPU-model session over ${transport}`, async () => {
      const got = lines(await exchange(running[transport], SCRIPT)).map(normalize);
      expect(got).toEqual(reference(SCRIPT));
      expect(got).toHaveLength(17);
      expect(got.at(-1)).toBe('{"return": {}, "id": "bye"}\r\n');
    });

    it(`the same session written in 7-byte pieces over ${transport}`, async () => {
      const pieces = Array.from({ length: Math.floor(Buffer.byteLength(SCRIPT) / 7) }, () => 7);
      expect(lines(await exchange(running[transport], SCRIPT, 10_000, pieces)).map(normalize)).toEqual(reference(SCRIPT));
    });

    it(`${PROTOCOL_CASES.length} protocol cases over ${transport} (bad JSON, nesting, unicode, negotiation, QAPI errors)`, async () => {
      for (const c of PROTOCOL_CASES) {
        const input = Buffer.from(c.input, c.encoding ?? 'utf8');
        const got = lines(await exchange(running[transport], input)).map(normalize);
        expect(got, c.name).toEqual(reference(input));
      }
    });
  }

  it('equals `cpumodel qmp` on stdio for the same bytes', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'qmp'], { input: SCRIPT, encoding: 'latin1', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(lines(run.stdout).map(normalize)).toEqual(reference(SCRIPT));
  });

  it('answers a client that keeps its connection open, request by request', async () => {
    const socket = open(running.unix);
    const reader = new LineReader(socket);
    const requests = [CAPS, req('query-cpu-model-comparison', { modela: { name: 'z14' }, modelb: { name: 'z13' } }, 'c'), req('query-version', undefined, 2)];
    const received = [await reader.next()];
    for (const r of requests) {
      socket.write(r);
      received.push(await reader.next());
    }
    socket.destroy();
    expect(received.map((l) => normalize(l ?? 'closed'))).toEqual(reference(requests.join('')));
  });
});
