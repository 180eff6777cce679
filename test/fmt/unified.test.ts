import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/fmt/unified.js';

/** Apply a unified diff's hunks to the old lines (checking the context and removed lines match). */
function apply(oldText: string, diff: readonly string[]): string {
  const old = oldText === '' ? [] : oldText.slice(0, -1).split('\n');
  const out: string[] = [];
  let i = 0;
  for (let k = 2; k < diff.length;) {
    const m = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(diff[k]!)!;
    const start = Number(m[2]) === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (i < start) out.push(old[i++]!);
    for (k++; k < diff.length && !diff[k]!.startsWith('@@'); k++) {
      const [kind, text] = [diff[k]![0], diff[k]!.slice(1)];
      if (kind !== '+') expect(old[i++]).toBe(text);
      if (kind !== '-') out.push(text);
    }
  }
  while (i < old.length) out.push(old[i++]!);
  return out.length ? `${out.join('\n')}\n` : '';
}

const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '  - x', ''), { maxLength: 40 }).map((l) => (l.length ? `${l.join('\n')}\n` : ''));

describe('unified diff', () => {
  it('applying the hunks to the old text gives the new text; at most 3 lines of context', () => {
    fc.assert(fc.property(text, text, (a, b) => {
      const diff = unifiedDiff(a, b, 'a', 'b');
      if (a === b) return diff.length === 0;
      expect(apply(a, diff)).toBe(b);
      for (let k = 2; k < diff.length; k++) {
        if (!diff[k]!.startsWith('@@')) continue;
        const lead = diff.slice(k + 1).findIndex((l) => !l.startsWith(' '));
        expect(lead).toBeLessThanOrEqual(3);
      }
      return true;
    }), { numRuns: 500 });
  });

  it('far-apart changes are separate hunks, close ones one', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const edited = old.map((l, i) => (i === 1 || i === 17 ? `${l}!` : l));
    expect(unifiedDiff(`${old.join('\n')}\n`, `${edited.join('\n')}\n`, 'f', 'f (formatted)')).toEqual([
      '--- f', '+++ f (formatted)',
      '@@ -1,5 +1,5 @@', ' line 1', '-line 2', '+line 2!', ' line 3', ' line 4', ' line 5',
      '@@ -15,6 +15,6 @@', ' line 15', ' line 16', ' line 17', '-line 18', '+line 18!', ' line 19', ' line 20',
    ]);
  });
});
