import { describe, expect, it } from 'vitest';
import { openRules } from '../../src/index.js';
import { diffSides } from '../../src/diff/diff.js';
import { parseExpressions } from '../../src/whatif/ops.js';
import { whatIf } from '../../src/whatif/whatif.js';

/**
 * Every difference inside every changed answer is traced to some rule change:
 * over edits of every kind what-if offers, in both profiles, no change is left
 * to the "unexplained" cause.
 */
const EDITS = [
  ['definitions.z14.ga=2'], ['definitions.z13s.cpu_type=0x2964'], ['definitions.gen16a.gen=15'], ['definitions-=z990.5'],
  ['definitions+={name: z14x, cpu_type: 0x3908, gen: 14, ga: 1, after: z900}'],
  ['generations.GEN12_GA1.base+=vx'], ['generations.GEN12_GA1.default-=te'], ['generations.GEN7_GA1.full+=vx'],
  ['generations.GEN15_GA1.remove.base-=csske'], ['generations.GEN9_GA1.base-=stfle'],
  ['groups.msa1-=km-aes-128', 'groups.msa2+=km-aes-128'], ['deprecated+=vx'], ['deprecated-=te'],
];

describe('attribution', () => {
  const base = openRules();
  for (const edit of EDITS) {
    it(edit.join(' '), async () => {
      const w = whatIf(base, parseExpressions(edit).ops);
      expect(w.ruleSet.ok).toBe(true);
      let changed = 0;
      for (const profile of base.profiles) {
        const s = await diffSides({ label: 'a', ruleSet: base, profile }, { label: 'b', ruleSet: w.ruleSet, profile });
        if ('diagnostics' in s) throw new Error('does not compile');
        changed += s.answers.changed.length;
        expect(s.causes.filter((c) => c.kind === 'unexplained').map((c) => c.answers)).toEqual([]);
      }
      expect(changed).toBeGreaterThan(0);
    });
  }
});
