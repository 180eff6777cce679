import type { Reply } from '../server/commands.js';
import type { QueryRequest as QmpRequest } from '../target/policy.js';

/**
 * "Equal" as the differential suite defines it: same error class; same model
 * name; props equal as a map; lists equal as sets. Error texts are compared
 * separately and reported as their own agreement figure.
 */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize).map((v) => JSON.stringify(v)).sort();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = normalize((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

type AnyReply = { return?: unknown; error?: { class: string; desc: string } };

export function semanticEqual(qemu: unknown, ours: Reply): boolean {
  const q = qemu as AnyReply, o = ours as AnyReply;
  if (q.error || o.error) return q.error?.class === o.error?.class && Boolean(q.error) === Boolean(o.error);
  return JSON.stringify(normalize(q.return)) === JSON.stringify(normalize(o.return));
}

export function textEqual(qemu: unknown, ours: Reply): boolean {
  const q = qemu as AnyReply, o = ours as AnyReply;
  return (q.error?.desc ?? null) === (o.error?.desc ?? null);
}

export interface Mismatch {
  request: QmpRequest;
  qemu: unknown;
  ours: Reply;
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

export function agreement(requests: readonly QmpRequest[], qemu: readonly unknown[], ours: readonly Reply[]): Agreement {
  const result: Agreement = { total: requests.length, semantic: 0, exact: 0, errors: 0, errorTexts: 0, mismatches: [] };
  requests.forEach((request, i) => {
    const q = qemu[i], o = ours[i]!;
    const sem = semanticEqual(q, o), text = textEqual(q, o);
    if (sem) result.semantic++;
    if (JSON.stringify(q) === JSON.stringify(o)) result.exact++;
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
