import { JsonStreamParser, type JsonValue } from '../../../src/qmp/json-parse.js';

/**
 * "Equal" as the issue defines it: same error class and text; otherwise the
 * same return with objects compared as maps (value types kept: an integer is
 * not a float) and lists as sets. `exact` also wants QEMU's text byte for
 * byte: key order, list order, number formatting.
 */
function canonical(v: JsonValue): unknown {
  if (v instanceof Map) return Object.fromEntries([...v.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]));
  if (Array.isArray(v)) return v.map((x) => JSON.stringify(canonical(x))).sort();
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { float: v };
  return v;
}

const parse = (text: string): JsonValue => {
  const [e] = new JsonStreamParser().feed(text);
  if (!e || !('value' in e)) throw new Error(`bad JSON ${text.slice(0, 100)}`);
  return e.value;
};

export interface Verdict {
  equal: boolean;
  exact: boolean;
}

export function compareReplies(qemuText: string, oursText: string): Verdict {
  const exact = qemuText === oursText;
  if (exact) return { equal: true, exact };
  return { equal: JSON.stringify(canonical(parse(qemuText))) === JSON.stringify(canonical(parse(oursText))), exact };
}

export interface Tally {
  total: number;
  equal: number;
  exact: number;
  mismatches: { request: string; qemu: string; ours: string }[];
}

export function tally(requests: readonly string[], qemu: readonly string[], ours: readonly string[]): Tally {
  const t: Tally = { total: requests.length, equal: 0, exact: 0, mismatches: [] };
  requests.forEach((request, i) => {
    const v = compareReplies(qemu[i]!, ours[i]!);
    if (v.equal) t.equal++;
    else t.mismatches.push({ request, qemu: qemu[i]!.slice(0, 400), ours: ours[i]!.slice(0, 400) });
    if (v.exact) t.exact++;
  });
  return t;
}

export const pct = (n: number, total: number) => (total === 0 ? '100%' : `${((100 * n) / total).toFixed(n === total ? 0 : 2)}%`);
