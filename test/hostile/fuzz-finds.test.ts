import { describe, expect, it } from 'vitest';
import { ruleSetFromSources } from '../../src/index.js';
import { builtinRuleDirs, loadSources } from '../../src/load/load.js';

/** What the kept fuzzing found (test/fuzz), each as a plain case. */
describe('fuzz finds', () => {
  it('s390x: an environment rule without `when` is a diagnostic at the rule, not a TypeError', () => {
    const sources = loadSources(builtinRuleDirs('s390x')).map((s) => ({ ...s, text: s.text.replace(/^ {4}when: .*etoken.*\n/m, '') }));
    expect(sources.some((s, i) => s.text !== loadSources(builtinRuleDirs('s390x'))[i]!.text)).toBe(true);
    const rs = ruleSetFromSources(sources, 's390x');
    const d = rs.diagnostics.find((x) => /`when`/.test(x.message));
    expect(d?.code).toBe('parse/missing-key');
    expect(d?.span?.file).toMatch(/environment\.yaml$/);
  });

  it('x86_64: a rule set without its machine table still has the machine without CPUs, and answers', () => {
    const sources = loadSources(builtinRuleDirs('x86_64')).filter((s) => !/machines\.yaml$/.test(s.name));
    const rs = ruleSetFromSources(sources, 'x86_64');
    expect(rs.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const profile of rs.profiles) {
      const r = rs.engine(profile);
      if (!('engine' in r)) throw new Error(JSON.stringify(r.diagnostics));
      expect(r.engine.expand({ name: 'Westmere' }, 'static')).toHaveProperty('value.model.name', 'base');
    }
  });
});
