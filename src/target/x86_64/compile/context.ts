import { error, type Diagnostic, type Span } from '../../../diag/diagnostic.js';
import type { Located } from '../../../parse/located.js';
import { Bitset } from '../../../util/bitset.js';
import { didYouMean } from '../../../util/fuzzy.js';
import { atLeast } from '../../../util/version.js';
import type { BitList } from '../ast.js';
import type { Part, RuleRef } from './ir.js';

/** An entry's profile window: present from `since` (inclusive) until `until` (exclusive). */
export interface Window {
  since?: Located<string>;
  until?: Located<string>;
}

/**
 * What lowering one profile shares: the QEMU version it selects entries by,
 * the diagnostics found so far, and small helpers for rule references and bits.
 */
export class Lower {
  readonly diags: Diagnostic[] = [];

  constructor(readonly qemu: string, readonly profile: string) {}

  /** Is the entry part of this profile? */
  has(entry: Window): boolean {
    return atLeast(this.qemu, entry.since?.value) && !(entry.until && atLeast(this.qemu, entry.until.value));
  }

  /** Entries of this profile, in file order. */
  select<T extends Window>(entries: readonly T[]): T[] {
    return entries.filter((e) => this.has(e));
  }

  ref(id: string, span: Span): RuleRef {
    return { id, span };
  }

  /** Look a name up; a miss is a compile diagnostic (the name is absent from this profile). */
  find<T>(table: ReadonlyMap<string, T>, name: Located<string>, what: string): T | undefined {
    const hit = table.get(name.value);
    if (hit === undefined) {
      this.diags.push(error('compile/absent-name', `${what} \`${name.value}\` does not exist in profile ${this.profile}`, name.span,
        didYouMean(name.value, table.keys())));
    }
    return hit;
  }

  /** Bit numbers of a bit list ("0-31" ranges expanded). */
  bits(list: BitList): number[] {
    const out: number[] = [];
    for (const item of list) {
      if (typeof item.value === 'number') out.push(item.value);
      else {
        const [lo, hi] = item.value.split('-').map(Number) as [number, number];
        for (let b = lo; b <= hi; b++) out.push(b);
      }
    }
    return out;
  }
}

/** The Uint32 parts covering global bits (word * 64 + bit). */
export function partsOf(bits: readonly number[]): Part[] {
  const bySlot = new Map<number, number>();
  for (const b of bits) bySlot.set(b >>> 5, (bySlot.get(b >>> 5) ?? 0) | (1 << (b & 31)));
  return [...bySlot].sort((a, b) => a[0] - b[0]).map(([slot, mask]) => ({ slot, mask }));
}

export function bitsetOf(width: number, bits: Iterable<number>): Bitset {
  return Bitset.of(width, bits);
}
