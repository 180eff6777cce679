import { Random } from '../../src/util/random.js';

/**
 * Seeded text mutations for fuzzing rule files and QMP input. Each mutation
 * is small and local (a token inserted, a range deleted or repeated, a value
 * swapped for another type), so most mutants stay close to valid input and
 * reach deep into the parsers and checkers.
 */

/** The number of inputs per fuzz test: CPUMODEL_FUZZ_RUNS (e.g. 100000 for a large run), else `fallback`. */
export function fuzzRuns(fallback: number): number {
  const n = Number(process.env.CPUMODEL_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The seed: CPUMODEL_SEED replays a run, else `fallback`. */
export function fuzzSeed(fallback: number): number {
  const n = Number(process.env.CPUMODEL_SEED);
  return Number.isInteger(n) ? n : fallback;
}

export type Mutator = (text: string, rng: Random) => string;

const at = (text: string, rng: Random) => rng.int(text.length + 1);

const insert = (tokens: readonly string[]): Mutator => (text, rng) => {
  const i = at(text, rng);
  return text.slice(0, i) + rng.pick(tokens) + text.slice(i);
};

const deleteRange: Mutator = (text, rng) => {
  const i = at(text, rng);
  return text.slice(0, i) + text.slice(i + 1 + rng.int(40));
};

const repeatRange: Mutator = (text, rng) => {
  const i = at(text, rng);
  const piece = text.slice(i, i + 1 + rng.int(60));
  return text.slice(0, i) + piece.repeat(2 + rng.int(3)) + text.slice(i);
};

const truncate: Mutator = (text, rng) => text.slice(0, at(text, rng));

/** Tokens that matter to YAML: structure, tags, anchors and aliases, scalars of every type, odd names. */
export const YAML_TOKENS = [
  '{', '}', '[', ']', ',', ':', ': ', '- ', '-', '? ', '|', '>', '#', '"', "'", '\\', '\n', '\n  ', '\t', '---\n', '...\n', '%YAML 1.1\n',
  '&a ', '*a', '&b [*a, *a, *a] ', '!!binary ', '!!str ', '!!int ', '!!map ', '!local ', '<<: ', 'null', '~', 'true', 'no', 'on',
  '0x1F', '1e400', '-1', '0', '18446744073709551616', '.inf', '.nan', '2001-12-14', '""', '[]', '{}', '__proto__', 'constructor',
  'toString', 'hasOwnProperty', '\u0000', '\uFEFF', '\u2028', 'é', '😀', '\r', '\r\n', ' ', 'since: "10.0"', 'until: "1.0"',
];

/** Bytes and tokens that matter to QEMU's JSON lexer and the QMP layer. */
export const QMP_TOKENS = [
  '{', '}', '[', ']', ',', ':', '"', "'", '\\', '\\u', '\\u00', '\\ud83d', '\\udc00', '\\u0000', '\\x', '\n', ' ', '\t',
  'true', 'false', 'null', '0', '-0', '1.5e308', '1e400', '18446744073709551616', '-9223372036854775809', '0.1',
  'é', '😀', '\u0000', '\u007f', '\u2028', '\uFFFF', '"execute"', '"arguments"', '"id"', '"exec-oob"', '"model"', '"props"',
  '"name"', '"type"', '"static"', '"full"', '"z14"', '"Westmere"', '"__proto__"', '"constructor"', '{"a":', '[[[[[[[[',
  '\\ué', '\\u00é', '\\uzz', '\\u😀', '\\\u0041',
];

export const textMutators = (tokens: readonly string[]): Mutator[] => [insert(tokens), insert(tokens), deleteRange, repeatRange, truncate];

/** A line-level mutation for line-oriented text: a line deleted, repeated, swapped, re-indented or its ending changed. */
export const lineMutators: Mutator[] = [
  (text, rng) => { const l = text.split('\n'); l.splice(rng.int(l.length), 1); return l.join('\n'); },
  (text, rng) => { const l = text.split('\n'); const i = rng.int(l.length); l.splice(i, 0, l[i] ?? ''); return l.join('\n'); },
  (text, rng) => { const l = text.split('\n'); const i = rng.int(l.length), j = rng.int(l.length); [l[i], l[j]] = [l[j]!, l[i]!]; return l.join('\n'); },
  (text, rng) => { const l = text.split('\n'); const i = rng.int(l.length); l[i] = ' '.repeat(rng.int(6)) + (l[i] ?? '').trimStart(); return l.join('\n'); },
  (text) => text.replace(/\n/g, '\r\n'),
  (text) => text.replace(/\n/g, '\r'),
  (text) => `\uFEFF${text}`,
];

/** A scalar after `key: ` replaced by a value of another type. */
export const valueMutator: Mutator = (text, rng) => {
  const values = [...text.matchAll(/: ([^\n{}[\],#]+)/g)];
  if (!values.length) return text;
  const m = rng.pick(values);
  const start = m.index! + 2;
  const replacement = rng.pick(['[1, 2]', '{a: 1}', 'null', '-5', '3.5', '"x"', 'true', '1e400', '99999999999999999999', '""', '*nosuch', '!!binary aGk=']);
  return text.slice(0, start) + replacement + text.slice(start + m[1]!.length);
};

/** Applies 1–3 mutations drawn from `mutators`. */
export function mutate(text: string, rng: Random, mutators: readonly Mutator[]): string {
  let out = text;
  for (let n = 1 + rng.int(3); n > 0; n--) out = rng.pick(mutators)(out, rng);
  return out;
}
