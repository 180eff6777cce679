import { describe, expect, it } from 'vitest';
import { Bitset } from '../../src/util/bitset.js';
import { didYouMean, editDistance } from '../../src/util/fuzzy.js';
import { qdictOrder, tdbHash } from '../../src/util/qdict.js';
import { Random } from '../../src/util/random.js';
import { compareVersions } from '../../src/util/version.js';

describe('Bitset', () => {
  it('agrees with Set<number> on random operations', () => {
    const rng = new Random(7);
    for (let round = 0; round < 200; round++) {
      const size = 1 + rng.int(400);
      const xs = Array.from({ length: rng.int(size) }, () => rng.int(size));
      const ys = Array.from({ length: rng.int(size) }, () => rng.int(size));
      const a = Bitset.of(size, xs), b = Bitset.of(size, ys);
      const sa = new Set(xs), sb = new Set(ys);
      const sorted = (s: Iterable<number>) => [...s].sort((p, q) => p - q);
      expect(a.toArray()).toEqual(sorted(sa));
      const visited: number[] = [];
      a.forEach((i) => visited.push(i));
      expect(visited).toEqual(sorted(sa));
      expect(a.and(b).toArray()).toEqual(sorted([...sa].filter((x) => sb.has(x))));
      expect(a.or(b).toArray()).toEqual(sorted(new Set([...sa, ...sb])));
      expect(a.andNot(b).toArray()).toEqual(sorted([...sa].filter((x) => !sb.has(x))));
      expect(a.count()).toBe(sa.size);
      expect(a.containsAll(b)).toBe([...sb].every((x) => sa.has(x)));
      expect(a.intersects(b)).toBe([...sb].some((x) => sa.has(x)));
      const c = Bitset.of(size, xs.filter((_, i) => i % 3 === 0));
      expect(a.hasBitsOutside(b, c)).toBe([...sa].some((x) => !sb.has(x) && !c.has(x)));
      expect(a.equals(Bitset.of(size, sa))).toBe(true);
    }
  });
});

describe('QDict order', () => {
  it('reproduces the key order of QEMU replies', () => {
    expect(qdictOrder(['return', 'id'])).toEqual(['return', 'id']);
    expect(qdictOrder(['error', 'id'])).toEqual(['id', 'error']);
    expect(qdictOrder(['model', 'deprecated-props'])).toEqual(['deprecated-props', 'model']);
    // z13's static expansion as QEMU 7.2 prints it (spec appendix D)
    const inserted = ['msa1', 'msa2', 'msa3', 'msa4', 'msa5', 'sthyi', 'edat', 'ipter', 'aefsi', 'cmm', 'te', 'cte', 'ri', 'zpci', 'aen', 'edat2', 'esop', 'sea_esop2', 'vx', 'ppa15', 'bpb'];
    expect(qdictOrder(inserted).join(',')).toBe('aen,aefsi,msa5,msa4,msa3,msa2,msa1,sthyi,edat,ri,edat2,vx,ipter,esop,cte,bpb,ppa15,zpci,sea_esop2,te,cmm');
  });

  it('orders long lists (remembered) exactly as the definition: by bucket, later insertions first', () => {
    const reference = (keys: string[]) => keys.map((key, seq) => ({ key, seq, bucket: tdbHash(key) % 512 }))
      .sort((a, b) => a.bucket - b.bucket || b.seq - a.seq).map((e) => e.key);
    const rng = new Random(3);
    const words = Array.from({ length: 2000 }, (_, i) => `k${i}-${rng.int(1e6)}${rng.chance(0.1) ? 'é\u0000' : ''}`);
    for (let n = 0; n < 50; n++) {
      const keys = Array.from(new Set(Array.from({ length: 1 + rng.int(600) }, () => rng.pick(words))));
      expect(qdictOrder(keys)).toEqual(reference(keys));
      expect(qdictOrder(keys)).toEqual(reference(keys)); // the remembered answer
      const changed = [...keys.slice(0, -1), 'another-last-key'];
      expect(qdictOrder(changed)).toEqual(reference(changed));
    }
  });

  it('keeps the first place of a repeated key', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const repeated = [...keys, 'p3', 'p0'];
    expect(qdictOrder(repeated)).toEqual(qdictOrder(keys));
  });

  it('hashes in unsigned 32-bit arithmetic', () => {
    expect(tdbHash('')).toBe(12345);
    expect(tdbHash('a'.repeat(1000))).toBeLessThan(2 ** 32);
  });
});

describe('helpers', () => {
  it('suggests close names only', () => {
    expect(didYouMean('vxx', ['vx', 'vxeh', 'te'])).toBe('did you mean `vx`?');
    expect(didYouMean('completely-different', ['vx', 'te'])).toBeUndefined();
  });

  it('counts swapped neighbouring letters as one edit', () => {
    expect(didYouMean('npna', ['nnpa', 'vx', 'pai'])).toBe('did you mean `nnpa`?');
    expect(didYouMean('zmv', ['lpar', 'zvm', 'kvm'])).toBe('did you mean `zvm`?');
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abc', 'ca')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('10.0', '9.1')).toBeGreaterThan(0);
    expect(compareVersions('7.2.22', '7.2')).toBeGreaterThan(0);
    expect(compareVersions('8.2', '8.2.0')).toBe(0);
  });
});

describe('QDict order of unusual keys', () => {
  it('hashes U+0000 as QEMU stores it (C0 80), as live QEMU orders {"\\u0000", "é", "è"}', () => {
    expect(qdictOrder(['\u0000', 'é', 'è'])).toEqual(['é', '\u0000', 'è']);
  });
});
