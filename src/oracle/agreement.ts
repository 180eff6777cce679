import type { QueryRequest as QmpRequest } from '../target/policy.js';

/**
 * "Equal" as the differential suites define it, for every architecture:
 * same error class (and, reported on its own, the same text); for answers,
 * the same value where objects are maps (key order ignored), lists are sets
 * (element order ignored) and values keep their JSON type. An integer is an
 * integer whether it arrived as a bigint or as a number (replies parsed
 * exactly hold bigints, JSON.parse gives numbers); `1` and `1.5` differ in
 * type, `1` and `true` too. Order agreement (the same keys and list elements
 * in the same order) is a separate figure.
 */

/** A canonical form: integers as `{int}` markers, maps with sorted keys, sets sorted. */
export function normalize(value: unknown): unknown {
  return JSON.parse(canonicalText(value)) as unknown;
}

const isInteger = (v: unknown): v is bigint | number => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));

const memo = new WeakMap<object, string>();

/** The canonical form as text: equal texts mean equal values (memoized per object: QEMU's replies repeat). */
export function canonicalText(value: unknown): string {
  if (isInteger(value)) return `{"#int":"${value}"}`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  let text = memo.get(value);
  if (text !== undefined) return text;
  if (Array.isArray(value)) text = `[${value.map(canonicalText).sort().map((t) => JSON.stringify(t)).join(',')}]`;
  else {
    const obj = value as Record<string, unknown>;
    text = `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonicalText(obj[k])}`).join(',')}}`;
  }
  memo.set(value, text);
  return text;
}

const BIG = /"\\u0000(-?\d+)"/g;

/** The value as text with its own key and element order (integers of both kinds alike). */
export function orderedText(value: unknown): string {
  return (JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `\u0000${v}` : v)) ?? 'undefined').replace(BIG, '$1');
}

/** Equal as maps and sets, integers alike whether bigint or number (canonicalText equality, without building texts). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isInteger(a) || isInteger(b)) return isInteger(a) && isInteger(b) && String(a) === String(b);
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const x = a.map(canonicalText).sort(), y = b.map(canonicalText).sort();
    return x.every((t, i) => t === y[i]);
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  const ob = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(ob, k) && sameValue((a as Record<string, unknown>)[k], ob[k]));
}

type AnyReply = { return?: unknown; error?: { class: string; desc: string } };

/** The same error class, or the same answer. */
export function semanticEqual(qemu: unknown, ours: unknown): boolean {
  const q = qemu as AnyReply, o = ours as AnyReply;
  if (q.error || o.error) return q.error?.class === o.error?.class && Boolean(q.error) === Boolean(o.error);
  return sameValue(q.return, o.return);
}

export function textEqual(qemu: unknown, ours: unknown): boolean {
  const q = qemu as AnyReply, o = ours as AnyReply;
  return (q.error?.desc ?? null) === (o.error?.desc ?? null);
}

/** Both verdicts on one reply pair: `equal` needs the same error text too. */
export interface ReplyVerdict {
  equal: boolean;
  sameOrder: boolean;
}

export function compareReplies(qemu: unknown, ours: unknown): ReplyVerdict {
  if (orderedText(qemu) === orderedText(ours)) return { equal: true, sameOrder: true };
  return { equal: semanticEqual(qemu, ours) && textEqual(qemu, ours), sameOrder: false };
}

export interface Mismatch {
  request: QmpRequest;
  qemu: unknown;
  ours: unknown;
}

export interface Agreement {
  total: number;
  semantic: number;
  /** Same keys in the same order and lists in the same order. */
  exact: number;
  errors: number;
  errorTexts: number;
  mismatches: Mismatch[];
}

/** `order: false` skips the order verdict (`exact` stays 0), for answers that are values rather than written replies. */
export function agreement(requests: readonly QmpRequest[], qemu: readonly unknown[], ours: readonly unknown[],
  { order = true } = {}): Agreement {
  const result: Agreement = { total: requests.length, semantic: 0, exact: 0, errors: 0, errorTexts: 0, mismatches: [] };
  requests.forEach((request, i) => {
    const q = qemu[i], o = ours[i];
    const same = order && orderedText(q) === orderedText(o);
    const sem = same || semanticEqual(q, o), text = same || textEqual(q, o);
    if (sem) result.semantic++;
    if (same) result.exact++;
    if ((q as AnyReply).error) {
      result.errors++;
      if (text) result.errorTexts++;
    }
    if (!sem || !text) result.mismatches.push({ request, qemu: q, ours: o });
  });
  return result;
}

export function percent(n: number, total: number): string {
  return total === 0 ? '100%' : `${((100 * n) / total).toFixed(n === total ? 0 : 2)}%`;
}
