import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine } from '../../src/index.js';
import { fuzzRuns } from '../fuzz/mutate.js';
import { CAPS, exchange, lines, normalize, reference, startServer, type Running } from './harness.js';

/**
 * Fuzzing over real sockets: whatever a client sends, the server keeps
 * running; on the same connection the answer (including to a well-formed
 * request after a newline, where the protocol lets it through) is exactly
 * what a fresh QmpSession answers to the same bytes; and a new connection
 * still gets the right answer. Seeds replay with CPUMODEL_SEED.
 */
const seed = process.env.CPUMODEL_SEED ? Number(process.env.CPUMODEL_SEED) : undefined;
/** 150 runs per property (the last one twice), CPUMODEL_FUZZ_RUNS in all. */
const RUNS = Math.max(1, Math.round(fuzzRuns(750) / 5));
const TIMEOUT = 120_000 + RUNS * 100;
const PROBE = '{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"z14"},"modelb":{"name":"z13"}},"id":"probe"}\n';

const PROBE_REPLY = reference(CAPS + PROBE).at(-1);

let running: Running;
beforeAll(async () => { running = await startServer(); });
afterAll(async () => { await running.stop(); });

/** The same connection answers as a session does; a new connection answers the probe. */
async function check(payload: Buffer, chunks: number[]): Promise<void> {
  const input = Buffer.concat([Buffer.from(CAPS), payload, Buffer.from(`\n${PROBE}`)]);
  const transport = chunks.length % 2 === 0 ? running.unix : running.tcp;
  const got = lines(await exchange(transport, input, 10_000, chunks.filter((c) => c > 0))).map(normalize);
  expect(got).toEqual(reference(input));
  const fresh = lines(await exchange(running.unix, CAPS + PROBE));
  expect(fresh.at(-1)).toBe(PROBE_REPLY);
  expect(PROBE_REPLY).toMatch(/^\{"return": \{"result": "superset", "responsible-properties": \["mepoch", .*"type"\]\}, "id": "probe"\}\r\n$/);
}

const engine = builtinEngine('qemu-10.0');
const names = fc.constantFrom(...engine.modelNames(), 'nosuch', '', 'host', 'max');
const props = fc.constantFrom(...engine.propertyNames(), 'core-id', 'nosuch', '');
const json = fc.jsonValue({ maxDepth: 3 });
const model = fc.record({ name: fc.oneof(names, json), props: fc.oneof(fc.dictionary(props, fc.oneof(fc.boolean(), json), { maxKeys: 6 }), json) }, { requiredKeys: ['name'] });
const commands = fc.constantFrom('query-cpu-model-expansion', 'query-cpu-model-comparison', 'query-cpu-model-baseline', 'query-cpu-definitions',
  'x-cpumodel-explain', 'query-commands', 'query-version', 'qmp_capabilities', 'nosuch');
const args = fc.record({
  type: fc.oneof(fc.constantFrom('static', 'full', 'x'), json), model, modela: model, modelb: model,
  question: fc.constantFrom('feature', 'comparison', 'baseline', 'unavailable', 'lint', 'x'), feature: fc.oneof(props, json),
}, { requiredKeys: [] });
const request = fc.record({ execute: fc.oneof(commands, json), arguments: fc.oneof(args, json), id: json }, { requiredKeys: ['execute'] });
const chunking = fc.array(fc.nat({ max: 300 }), { maxLength: 6 });
const text = (values: unknown[]) => Buffer.from(values.map((v) => `${JSON.stringify(v)}\n`).join(''), 'utf8');

describe('cpumodel serve under fuzzing', () => {
  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 1500 }), chunking, async (bytes, chunks) => check(Buffer.from(bytes), chunks)),
      { numRuns: RUNS, seed });
  }, TIMEOUT);

  it('random bytes biased to JSON punctuation', async () => {
    const alphabet = fc.constantFrom(...'{}[]":,\'\\ \n\tetrufalsn0123456789.-+eE', '\\u', '\xff', '\xc3', 'execute', 'arguments');
    const bytes = fc.array(alphabet, { maxLength: 400 }).map((parts) => Buffer.from(parts.join(''), 'latin1'));
    await fc.assert(fc.asyncProperty(bytes, chunking, check), { numRuns: RUNS, seed });
  }, TIMEOUT);

  it('random JSON values', async () => {
    await fc.assert(fc.asyncProperty(fc.array(json, { maxLength: 6 }), chunking, async (values, chunks) => check(text(values), chunks)),
      { numRuns: RUNS, seed });
  }, TIMEOUT);

  it('random QMP requests with random arguments', async () => {
    await fc.assert(fc.asyncProperty(fc.array(request, { maxLength: 6 }), chunking, async (values, chunks) => check(text(values), chunks)),
      { numRuns: RUNS * 2, seed });
  }, TIMEOUT);
});
