/**
 * QEMU's QDict iteration order, reproduced so that every JSON object cpumodel
 * prints (and every props dictionary it applies) has the key order QEMU has.
 *
 * A QDict has 512 buckets; a key lands in bucket tdbHash(key) % 512. Iteration
 * walks buckets in ascending order and, inside one bucket, visits the most
 * recently inserted key first.
 */
import { encodeModUtf8 } from './mutf8.js';

const BUCKETS = 512;

/**
 * The Samba TDB hash QEMU uses for QDict keys, in unsigned 32-bit arithmetic,
 * over the key's bytes as QEMU stores them (modified UTF-8: U+0000 is C0 80).
 */
export function tdbHash(key: string): number {
  let value: number;
  if (/^[\x01-\x7f]*$/.test(key)) {
    // ASCII: the bytes are the UTF-16 code units; no encoder needed.
    value = Math.imul(0x238f13af, key.length) >>> 0;
    for (let i = 0; i < key.length; i++) value = (value + (key.charCodeAt(i) << ((i * 5) % 24))) >>> 0;
  } else {
    const bytes = encodeModUtf8(key);
    value = Math.imul(0x238f13af, bytes.length) >>> 0;
    for (let i = 0; i < bytes.length; i++) value = (value + (bytes[i]! << ((i * 5) % 24))) >>> 0;
  }
  return (Math.imul(1103515243, value) + 12345) >>> 0;
}

/** Buckets of the keys seen so far: property names repeat from request to request. Bounded. */
const bucketMemo = new Map<string, number>();
const BUCKET_MEMO_MAX = 65_536;

export function qdictBucket(key: string): number {
  let bucket = bucketMemo.get(key);
  if (bucket === undefined) {
    bucket = tdbHash(key) % BUCKETS;
    if (bucketMemo.size >= BUCKET_MEMO_MAX) bucketMemo.clear();
    bucketMemo.set(key, bucket);
  }
  return bucket;
}

/**
 * Keys in QDict iteration order, given their insertion order. A key inserted
 * twice keeps its first place (QEMU replaces the value in place).
 */
export function qdictOrder(insertionOrder: readonly string[]): string[] {
  const keys = new Set(insertionOrder).size === insertionOrder.length ? insertionOrder : [...new Set(insertionOrder)];
  const perm = qdictPermutation(keys);
  const out = new Array<string>(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = keys[perm[i]!]!;
  return out;
}

/**
 * QDict iteration order of distinct keys as indices into their insertion
 * order: a counting sort over the 512 buckets, linear in the number of keys.
 * Long lists (an expansion's props) repeat from reply to reply and are
 * remembered (bounded), keyed by a cheap signature and checked key by key.
 * The result is shared: do not modify it.
 */
export function qdictPermutation(keys: readonly string[]): Uint32Array {
  if (keys.length < MEMO_MIN_KEYS) return sortedByBucket(keys);
  const sig = signature(keys);
  for (const known of orderMemo.get(sig) ?? []) if (sameKeys(known.keys, keys)) return known.perm;
  const perm = sortedByBucket(keys);
  if (orderMemo.size >= ORDER_MEMO_MAX) orderMemo.clear();
  orderMemo.set(sig, [...(orderMemo.get(sig) ?? []), { keys: keys.slice(), perm }]);
  return perm;
}

/** Lists at least this long are remembered (their permutation is a stable, shared object). */
export const MEMO_MIN_KEYS = 32;
const ORDER_MEMO_MAX = 1024;
const orderMemo = new Map<string, { keys: readonly string[]; perm: Uint32Array }[]>();

const signature = (keys: readonly string[]) => `${keys.length}\u0000${keys[0]}\u0000${keys[keys.length >> 1]}\u0000${keys[keys.length - 1]}`;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sortedByBucket(keys: readonly string[]): Uint32Array {
  if (keys.length < MEMO_MIN_KEYS) return sortedSmall(keys);
  const buckets = new Uint16Array(keys.length);
  const ends = new Uint32Array(BUCKETS);
  for (let i = 0; i < keys.length; i++) ends[(buckets[i] = qdictBucket(keys[i]!))]!++;
  for (let b = 1; b < BUCKETS; b++) ends[b]! += ends[b - 1]!;
  // Inside a bucket the most recently inserted key comes first: fill each bucket from its end.
  const perm = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) perm[--ends[buckets[i]!]!] = i;
  return perm;
}

/** A few keys: an insertion sort by bucket, later insertions first. */
function sortedSmall(keys: readonly string[]): Uint32Array {
  const perm = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const bucket = (smallBuckets[i] = qdictBucket(keys[i]!));
    let j = i;
    for (; j > 0 && smallBuckets[perm[j - 1]!]! >= bucket; j--) perm[j] = perm[j - 1]!;
    perm[j] = i;
  }
  return perm;
}

/** The buckets of the keys sortedSmall is sorting. */
const smallBuckets = new Uint16Array(MEMO_MIN_KEYS);
