/**
 * The writer's memory for long key lists (an expansion's props, which repeat
 * from reply to reply): the text of each member in QDict order, and the text
 * of runs of GROUP members whose values are all booleans, by the pattern of
 * their values. An expansion of 500 props is then written as about 30 runs
 * instead of 500 members. Bounded: at most TEXT_BUDGET characters of runs
 * are remembered, across all lists; past that they are forgotten and made
 * again.
 */

/** `"key": ` for a key. */
export type Quote = (key: string) => string;
export type WriteValue = (value: unknown, out: string[]) => void;

const GROUP = 16;
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
  /** Per run of GROUP members: its text by the pattern of its values (bit i: member i is true). */
  runs: Map<number, string>[];
  generation: number;
}

const piecesMemo = new WeakMap<Uint32Array, Pieces>();

function piecesOf(keys: readonly string[], perm: Uint32Array, keyPrefix: Quote): Pieces {
  let pieces = piecesMemo.get(perm);
  if (!pieces) {
    const prefix = Array.from(perm, (k, i) => flat(`${i ? ', ' : ''}${keyPrefix(keys[k]!)}`));
    const runs = Array.from({ length: Math.ceil(perm.length / GROUP) }, () => new Map<number, string>());
    pieces = { prefix, on: prefix.map((p) => flat(`${p}true`)), off: prefix.map((p) => flat(`${p}false`)), runs, generation };
    piecesMemo.set(perm, pieces);
  }
  if (pieces.generation !== generation) {
    for (const run of pieces.runs) run.clear();
    pieces.generation = generation;
  }
  return pieces;
}

function runText(pieces: Pieces, start: number, end: number, pattern: number): string {
  const run = pieces.runs[start / GROUP]!;
  let text = run.get(pattern);
  if (text === undefined) {
    const parts: string[] = [];
    for (let i = start; i < end; i++) parts.push((pattern >> (i - start)) & 1 ? pieces.on[i]! : pieces.off[i]!);
    text = parts.join('');
    if (textUsed + text.length > TEXT_BUDGET) {
      generation++;
      textUsed = 0;
      for (const r of pieces.runs) r.clear();
      pieces.generation = generation;
    }
    textUsed += text.length;
    run.set(pattern, text);
  }
  return text;
}

/** The pattern of a run's values, or -1 when one is not a boolean. */
function patternOf(values: readonly unknown[], perm: Uint32Array, start: number, end: number): number {
  let pattern = 0;
  for (let i = start; i < end; i++) {
    const v = values[perm[i]!];
    if (v === true) pattern |= 1 << (i - start);
    else if (v !== false) return -1;
  }
  return pattern;
}

/** Writes the members of a remembered list: `values[perm[i]]` is the value of the i-th member in QDict order. */
export function writeRemembered(keys: readonly string[], values: readonly unknown[], perm: Uint32Array, out: string[], keyPrefix: Quote, writeValue: WriteValue): void {
  const pieces = piecesOf(keys, perm, keyPrefix);
  for (let start = 0; start < perm.length; start += GROUP) {
    const end = Math.min(perm.length, start + GROUP);
    const pattern = patternOf(values, perm, start, end);
    if (pattern >= 0) {
      out.push(runText(pieces, start, end, pattern));
      continue;
    }
    for (let i = start; i < end; i++) {
      const v = values[perm[i]!];
      if (v === true) out.push(pieces.on[i]!);
      else if (v === false) out.push(pieces.off[i]!);
      else {
        out.push(pieces.prefix[i]!);
        writeValue(v, out);
      }
    }
  }
}
