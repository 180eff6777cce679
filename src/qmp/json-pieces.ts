/**
 * The writer's memory for long key lists (an expansion's props, which repeat
 * from reply to reply): the text of each member in QDict order, and the text
 * of runs of GROUP members by the pattern of their booleans: a run's
 * booleans are in its texts, its other values (numbers, strings) are written
 * between them. An expansion of 500 props is then written as 17 runs and its
 * few other values instead of 500 members. Bounded: at most TEXT_BUDGET
 * characters of runs are remembered, across all lists; past that they are
 * forgotten and made again.
 */

/** `"key": ` for a key. */
export type Quote = (key: string) => string;
export type WriteValue = (value: unknown, out: string[]) => void;

const GROUP = 30;
const TEXT_BUDGET = 4 * 1024 * 1024;
let textUsed = 0;
let generation = 0;

/**
 * A string made of pieces, as one flat string: a remembered piece is copied
 * into every reply, and copying a flat string is much cheaper than walking
 * the pieces again each time (V8 flattens a string in place when it reads a
 * character of it).
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

interface Pieces {
  /** `"key": ` after its separator; with `true` / `false` after it. */
  prefix: string[];
  on: string[];
  off: string[];
  /** Per run of GROUP members: its texts by the pattern of its booleans (runPattern). */
  runs: Map<number, Run>[];
  generation: number;
}

/**
 * A run's texts around its values that are not booleans (bit i of `others`:
 * member i): the first ends with the `"key": ` of the first such value, the
 * next with that of the second, and so on; the last follows the last value.
 * One text when all are booleans.
 */
interface Run { others: number; texts: string[] }

const piecesMemo = new WeakMap<Uint32Array, Pieces>();

function piecesOf(keys: readonly string[], perm: Uint32Array, keyPrefix: Quote): Pieces {
  let pieces = piecesMemo.get(perm);
  if (!pieces) {
    const prefix = Array.from(perm, (k, i) => flat(`${i ? ', ' : ''}${keyPrefix(keys[k]!)}`));
    const runs = Array.from({ length: Math.ceil(perm.length / GROUP) }, () => new Map<number, Run>());
    pieces = { prefix, on: prefix.map((p) => flat(`${p}true`)), off: prefix.map((p) => flat(`${p}false`)), runs, generation };
    piecesMemo.set(perm, pieces);
  }
  if (pieces.generation !== generation) {
    for (const run of pieces.runs) run.clear();
    pieces.generation = generation;
  }
  return pieces;
}

/** Bit i when member i of the run is true (GROUP ≤ 30: patterns are small integers, Smis, for the Map). */
function runPattern(values: readonly unknown[], perm: Uint32Array, start: number, end: number): number {
  let pattern = 0;
  for (let i = start; i < end; i++) if (values[perm[i]!] === true) pattern |= 1 << (i - start);
  return pattern;
}

/** Bit i when member i of the run is not a boolean. */
function runOthers(values: readonly unknown[], perm: Uint32Array, start: number, end: number): number {
  let others = 0;
  for (let i = start; i < end; i++) {
    const v = values[perm[i]!];
    if (v !== true && v !== false) others |= 1 << (i - start);
  }
  return others;
}

function runOf(pieces: Pieces, start: number, end: number, pattern: number, others: number): Run {
  const run = pieces.runs[start / GROUP]!;
  const known = run.get(pattern);
  if (known !== undefined && known.others === others) return known;
  const texts: string[] = [];
  let text = '';
  for (let i = start; i < end; i++) {
    const bit = 1 << (i - start);
    if (others & bit) {
      texts.push(flat(text + pieces.prefix[i]!));
      text = '';
    } else {
      text += pattern & bit ? pieces.on[i]! : pieces.off[i]!;
    }
  }
  texts.push(flat(text));
  const length = texts.reduce((n, t) => n + t.length, 0);
  if (textUsed + length > TEXT_BUDGET) {
    generation++;
    textUsed = 0;
    for (const r of pieces.runs) r.clear();
    pieces.generation = generation;
  }
  textUsed += length;
  const made = { others, texts };
  run.set(pattern, made);
  return made;
}

/** Writes the members of a remembered list: `values[perm[i]]` is the value of the i-th member in QDict order. */
export function writeRemembered(keys: readonly string[], values: readonly unknown[], perm: Uint32Array, out: string[], keyPrefix: Quote, writeValue: WriteValue): void {
  const pieces = piecesOf(keys, perm, keyPrefix);
  for (let start = 0; start < perm.length; start += GROUP) {
    const end = Math.min(perm.length, start + GROUP);
    const { others: first, texts } = runOf(pieces, start, end, runPattern(values, perm, start, end), runOthers(values, perm, start, end));
    if (texts[0]!.length > 0) out.push(texts[0]!);
    for (let others = first, i = start, j = 1; others !== 0; others >>>= 1, i++) {
      if ((others & 1) === 0) continue;
      writeValue(values[perm[i]!], out);
      if (texts[j]!.length > 0) out.push(texts[j]!);
      j++;
    }
  }
}
