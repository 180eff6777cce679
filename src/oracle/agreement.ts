import type { QmpRequest } from './requests.js';

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
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return { '#int': String(value) };
  if (Array.isArray(value)) return value.map((v) => canonicalText(v)).sort();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, { value: normalize((value as Record<string, unknown>)[key]), enumerable: true });
    }
    return out;
  }
  return value;
}

/** The canonical form as text: equal texts mean equal values. */
export function canonicalText(value: unknown): string {
  return JSON.stringify(normalize(value));
}

/** The value as text with its own key and element order (integers of both kinds alike). */
export function orderedText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { '#int': String(v) } : v), 0)
    .replace(/\{"#int":"(-?\d+)"\}/g, '$1');
}

type AnyReply = { return?: unknown; error?: { class: string; desc: string } };

/** The same error class, or the same answer. */
export function semanticEqual(qemu: unknown, ours: unknown): boolean {
  const q = qemu as AnyReply, o = ours as AnyReply;
  if (q.error || o.error) return q.error?.class === o.error?.class && Boolean(q.error) === Boolean(o.error);
  return canonicalText(q.return) === canonicalText(o.return);
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
  const equal = semanticEqual(qemu, ours) && textEqual(qemu, ours);
  return { equal, sameOrder: equal && orderedText(qemu) === orderedText(ours) };
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

export function agreement(requests: readonly QmpRequest[], qemu: readonly unknown[], ours: readonly unknown[]): Agreement {
  const result: Agreement = { total: requests.length, semantic: 0, exact: 0, errors: 0, errorTexts: 0, mismatches: [] };
  requests.forEach((request, i) => {
    const q = qemu[i], o = ours[i];
    const sem = semanticEqual(q, o), text = textEqual(q, o);
    if (sem) result.semantic++;
    if (orderedText(q) === orderedText(o)) result.exact++;
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
