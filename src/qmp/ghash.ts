/**
 * The iteration order of a GLib (2.74) string-keyed GHashTable, which decides
 * which unexpected member QEMU's QAPI input visitor reports first.
 *
 * QEMU fills such a table with every member of a JSON object (in QDict
 * order), removes each member the schema visits, and names the first key
 * that iteration still finds. GLib uses open addressing: a table of
 * 2^shift slots, a start slot (hash * 11) mod prime, quadratic probing,
 * tombstones for removed keys, and an in-place rehash when the table gets
 * too full or too empty.
 */
const PRIMES = [1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521,
  131071, 262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859];
const MIN_SHIFT = 3;
const UNUSED = 0;
const TOMBSTONE = 1;

/** GLib's g_str_hash over the key's bytes, each byte read as a signed char. */
export function gStrHash(bytes: Uint8Array): number {
  let h = 5381;
  for (const b of bytes) h = (Math.imul(h, 33) + (b >= 0x80 ? b - 0x100 : b)) >>> 0;
  return h;
}

export class GStrSet {
  private hashes: number[] = [];
  private keys: (string | undefined)[] = [];
  private size = 0;
  private mod = 0;
  private mask = 0;
  private nnodes = 0;
  private noccupied = 0;

  /** `encode` gives the bytes QEMU holds for a key (modified UTF-8). */
  constructor(private readonly encode: (key: string) => Uint8Array) {
    this.setShift(MIN_SHIFT);
    this.hashes = new Array<number>(this.size).fill(UNUSED);
    this.keys = new Array<string | undefined>(this.size);
  }

  insert(key: string): void {
    const hash = this.hashOf(key);
    let index = this.toIndex(hash);
    let tombstone = -1;
    for (let step = 0; this.hashes[index] !== UNUSED; ) {
      if (this.hashes[index] === hash && this.keys[index] === key) return;
      if (this.hashes[index] === TOMBSTONE && tombstone < 0) tombstone = index;
      index = (index + ++step) & this.mask;
    }
    if (tombstone >= 0) index = tombstone;
    const wasUnused = this.hashes[index] === UNUSED;
    this.hashes[index] = hash;
    this.keys[index] = key;
    this.nnodes++;
    if (wasUnused) {
      this.noccupied++;
      this.maybeResize();
    }
  }

  remove(key: string): void {
    const hash = this.hashOf(key);
    let index = this.toIndex(hash);
    for (let step = 0; this.hashes[index] !== UNUSED; ) {
      if (this.hashes[index] === hash && this.keys[index] === key) {
        this.hashes[index] = TOMBSTONE;
        this.keys[index] = undefined;
        this.nnodes--;
        this.maybeResize();
        return;
      }
      index = (index + ++step) & this.mask;
    }
  }

  /** The first key iteration visits, or undefined when empty. */
  first(): string | undefined {
    for (let i = 0; i < this.size; i++) if (this.hashes[i]! > TOMBSTONE) return this.keys[i];
    return undefined;
  }

  private hashOf(key: string): number {
    const hash = gStrHash(this.encode(key));
    return hash <= TOMBSTONE ? 2 : hash;
  }

  private toIndex(hash: number): number {
    return (Math.imul(hash, 11) >>> 0) % this.mod;
  }

  private setShift(shift: number): void {
    this.size = 1 << shift;
    this.mod = PRIMES[shift]!;
    this.mask = this.size - 1;
  }

  private maybeResize(): void {
    const tooEmpty = this.size > this.nnodes * 4 && this.size > 1 << MIN_SHIFT;
    const tooFull = this.size <= this.noccupied + Math.floor(this.noccupied / 16);
    if (tooEmpty || tooFull) this.resize();
  }

  /** GLib's in-place rehash: entries are moved by eviction, a bitmap marks settled slots. */
  private resize(): void {
    const oldSize = this.size;
    let shift = 0;
    for (let n = Math.trunc(this.nnodes * 1.333); n; n >>= 1) shift++;
    this.setShift(Math.max(shift, MIN_SHIFT));
    for (let i = oldSize; i < this.size; i++) this.hashes[i] = UNUSED;
    const settled = new Set<number>();
    for (let i = 0; i < oldSize; i++) {
      if (this.hashes[i]! <= TOMBSTONE) {
        this.hashes[i] = UNUSED;
        continue;
      }
      if (settled.has(i)) continue;
      this.relocate(i, settled);
    }
    this.hashes.length = this.size;
    this.keys.length = this.size;
    this.noccupied = this.nnodes;
  }

  private relocate(from: number, settled: Set<number>): void {
    let hash = this.hashes[from]!;
    let key = this.keys[from];
    this.hashes[from] = UNUSED;
    for (;;) {
      let index = this.toIndex(hash);
      for (let step = 0; settled.has(index); ) index = (index + ++step) & this.mask;
      settled.add(index);
      const replacedHash = this.hashes[index]!;
      const replacedKey = this.keys[index];
      this.hashes[index] = hash;
      this.keys[index] = key;
      if (replacedHash <= TOMBSTONE) return;
      hash = replacedHash;
      key = replacedKey;
    }
  }
}
