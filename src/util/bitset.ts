/**
 * Fixed-width bitsets over dense feature indices (Uint32 words).
 * INVARIANT (dense-bits): every set of one compiled profile has the same width,
 * and bits at or above `size` are always zero, so word-wise equality is set
 * equality.
 */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static of(size: number, indices: Iterable<number>): Bitset {
    const set = new Bitset(size);
    for (const i of indices) set.add(i);
    return set;
  }

  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  add(i: number): this {
    this.words[i >>> 5]! |= 1 << (i & 31);
    return this;
  }

  delete(i: number): this {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
    return this;
  }

  /** this |= other */
  orIn(other: Bitset): this {
    const w = this.words, o = other.words;
    for (let k = 0; k < w.length; k++) w[k]! |= o[k]!;
    return this;
  }

  /** this &= other */
  andIn(other: Bitset): this {
    const w = this.words, o = other.words;
    for (let k = 0; k < w.length; k++) w[k]! &= o[k]!;
    return this;
  }

  /** this &= ~other */
  andNotIn(other: Bitset): this {
    const w = this.words, o = other.words;
    for (let k = 0; k < w.length; k++) w[k]! &= ~o[k]!;
    return this;
  }

  or(other: Bitset): Bitset { return this.clone().orIn(other); }
  and(other: Bitset): Bitset { return this.clone().andIn(other); }
  andNot(other: Bitset): Bitset { return this.clone().andNotIn(other); }

  equals(other: Bitset): boolean {
    const w = this.words, o = other.words;
    for (let k = 0; k < w.length; k++) if (w[k] !== o[k]) return false;
    return true;
  }

  isEmpty(): boolean {
    for (const x of this.words) if (x !== 0) return false;
    return true;
  }

  /** other ⊆ this */
  containsAll(other: Bitset): boolean {
    const w = this.words, o = other.words;
    for (let k = 0; k < w.length; k++) if ((o[k]! & ~w[k]!) !== 0) return false;
    return true;
  }

  /** Is any bit of this set outside both `a` and `b`? (this & ~a & ~b ≠ ∅, without allocating) */
  hasBitsOutside(a: Bitset, b: Bitset): boolean {
    const w = this.words, x = a.words, y = b.words;
    for (let k = 0; k < w.length; k++) if ((w[k]! & ~x[k]! & ~y[k]!) !== 0) return true;
    return false;
  }

  intersects(other: Bitset): boolean {
    const w = this.words, o = other.words;
    for (let k = 0; k < w.length; k++) if ((o[k]! & w[k]!) !== 0) return true;
    return false;
  }

  count(): number {
    let n = 0;
    for (let x of this.words) {
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
    }
    return n;
  }

  /** Calls `fn` with each set index in ascending order (cheaper than iterating). */
  forEach(fn: (index: number) => void): void {
    const w = this.words;
    for (let k = 0; k < w.length; k++) {
      let x = w[k]!;
      while (x !== 0) {
        const low = x & -x;
        fn((k << 5) + (31 - Math.clz32(low)));
        x ^= low;
      }
    }
  }

  /** Set indices in ascending order. */
  *[Symbol.iterator](): IterableIterator<number> {
    const w = this.words;
    for (let k = 0; k < w.length; k++) {
      let x = w[k]!;
      while (x !== 0) {
        const low = x & -x;
        yield (k << 5) + (31 - Math.clz32(low));
        x ^= low;
      }
    }
  }

  toArray(): number[] {
    const out: number[] = [];
    this.forEach((i) => out.push(i));
    return out;
  }
}
