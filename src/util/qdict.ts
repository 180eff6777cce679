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
  const bytes = encodeModUtf8(key);
  let value = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    value = (value + (bytes[i]! << ((i * 5) % 24))) >>> 0;
  }
  return (Math.imul(1103515243, value) + 12345) >>> 0;
}

export function qdictBucket(key: string): number {
  return tdbHash(key) % BUCKETS;
}

/**
 * Keys in QDict iteration order, given their insertion order. A key inserted
 * twice keeps its first place (QEMU replaces the value in place).
 */
export function qdictOrder(insertionOrder: readonly string[]): string[] {
  const seen = new Set<string>();
  const entries: { key: string; bucket: number; seq: number }[] = [];
  insertionOrder.forEach((key, seq) => {
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ key, bucket: qdictBucket(key), seq });
  });
  entries.sort((a, b) => a.bucket - b.bucket || b.seq - a.seq);
  return entries.map((e) => e.key);
}
