import { Random } from '../../src/util/random.js';
import type { ProtocolCase } from '../qmp/protocol-cases.js';
import { mutate, QMP_TOKENS, textMutators } from './mutate.js';

/**
 * QMP fuzz inputs: after negotiation, valid requests (the CPU-model queries
 * with both architectures' model names, props of every JSON type; not the
 * commands whose answers differ by design: query-commands lists cpumodel's
 * own commands, query-cpu-definitions is unordered, x-cpumodel-explain is an
 * extension), 1–3 of them
 * mutated at the byte level with tokens that matter to QEMU's JSON lexer
 * (escapes, surrogates, multi-byte UTF-8, invalid bytes, nesting, numbers
 * past 64 bits), then a request that must still get its answer when the
 * stream allows it.
 */
const CAPS = '{"execute":"qmp_capabilities"}\n';

const REQUESTS = [
  { execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: { name: 'z14', props: { vx: false } } }, id: 1 },
  { execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name: 'gen15a' } }, id: 'x' },
  { execute: 'query-cpu-model-comparison', arguments: { modela: { name: 'z13' }, modelb: { name: 'z14', props: { msa5: true } } } },
  { execute: 'query-cpu-model-baseline', arguments: { modela: { name: 'z900' }, modelb: { name: 'qemu' } }, id: [1, { a: null }] },
  { execute: 'query-version', id: 1.5 },
  { execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: { name: 'Westmere', props: { family: 6, 'model-id': 'é😀' } } } },
];

const PROBE = '{"execute":"query-version","id":"probe"}\n';

/** `count` inputs from `seed`; each a case for the protocol runner (bytes as latin1 when not valid UTF-8). */
export function qmpFuzzCases(seed: number, count: number): ProtocolCase[] {
  const rng = new Random(seed);
  const mutators = textMutators(QMP_TOKENS);
  return Array.from({ length: count }, (_, n) => {
    const requests = Array.from({ length: 1 + rng.int(3) }, () => JSON.stringify(rng.pick(REQUESTS)));
    const body = requests.map((r) => (rng.chance(0.8) ? mutate(r, rng, mutators) : r)).join('\n');
    const bytes = rng.chance(0.2) ? rawBytes(body, rng) : Buffer.from(body, 'utf8');
    const input = Buffer.concat([Buffer.from(CAPS), bytes, Buffer.from(`\n${PROBE}`)]);
    return { name: `fuzz ${seed}/${n}`, input: input.toString('latin1'), encoding: 'latin1' as const };
  });
}

/** A few raw bytes that are not valid UTF-8 (lone continuation, truncated sequences, 0xFE/0xFF, overlong NUL). */
function rawBytes(text: string, rng: Random): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const i = rng.int(bytes.length + 1);
  const junk = Buffer.from(rng.pick([[0x80], [0xc3], [0xe2, 0x82], [0xfe], [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]));
  return Buffer.concat([bytes.subarray(0, i), junk, bytes.subarray(i)]);
}
