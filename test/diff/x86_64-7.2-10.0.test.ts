import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/index.js';
import { diffSides } from '../../src/diff/diff.js';
import { isExtended } from '../../src/diff/space-kinds.js';
import { requestKey } from '../../src/diff/space.js';
import type { DiffSection } from '../../src/diff/types.js';
import { semanticEqual } from '../../src/oracle/agreement.js';
import { parseExact } from '../../src/oracle/exact-json.js';
import { oracle } from '../differential/x86_64-suite.js';

/**
 * `cpumodel diff qemu-7.2 qemu-10.0 --arch x86_64` against the two real
 * x86 QEMUs (live, or their recordings): the requests of the common model
 * space (query-cpu-definitions, every static and full expansion of a name
 * both list) whose answers differ between QEMU 7.2 and 10.0 (agreement
 * semantics) are exactly the ones the diff reports, every change is
 * explained by a rule edit, and the models only 10.0 has are reported as
 * added.
 */
type Space = { models: string[]; answers: Map<string, unknown> };

async function space(version: '7.2' | '10.0'): Promise<Space> {
  const o = await oracle(version);
  const answers = new Map<string, unknown>();
  o.cases.forEach((c, i) => { if (c.origin === 'space') answers.set(requestKey(parseExact(c.request) as never), parseExact(o.replies[i]!)); });
  const defs = [...answers.entries()].find(([k]) => k.includes('query-cpu-definitions'))![1] as { return: { name: string }[] };
  return { models: defs.return.map((d) => d.name), answers };
}

describe('x86_64: diff qemu-7.2 → qemu-10.0 matches the two QEMUs', () => {
  let report: DiffSection;
  let old: Space;
  let next: Space;

  beforeAll(async () => {
    const rs = builtinRules('x86_64');
    const s = await diffSides({ label: 'built-in', ruleSet: rs, profile: 'qemu-7.2' }, { label: 'built-in', ruleSet: rs, profile: 'qemu-10.0' });
    if ('diagnostics' in s) throw new Error('built-in x86_64 rules do not compile');
    report = s;
    [old, next] = [await space('7.2'), await space('10.0')];
  });

  it('reports the models only 10.0 has as added, none removed', () => {
    expect(new Set(report.models.added)).toEqual(new Set(next.models.filter((m) => !old.models.includes(m))));
    expect(report.models.removed).toEqual([]);
  });

  it('reports exactly the common-space requests whose answers differ between the QEMUs', () => {
    const common = new Set(old.models.filter((m) => next.models.includes(m)));
    // The diff's space: definitions and expansions (QEMU has no comparison or baseline on x86).
    const kinds = /"execute":"query-cpu-(definitions|model-expansion)"/;
    const asked = [...old.answers.keys()].filter((k) => next.answers.has(k) && kinds.test(k) && !k.includes('"props"')).filter((k) => {
      const names = [...k.matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]!);
      return names.every((n) => common.has(n));
    });
    const differ = asked.filter((k) => !semanticEqual(old.answers.get(k), next.answers.get(k)));
    // The bare model space (the rest of the diff's space, switched properties and machines, QEMU was not recorded on).
    const reported = report.answers.changed.filter((c) => !isExtended(c.request)).map((c) => requestKey(c.request));
    expect(report.answers.compared).toBeGreaterThan(asked.length * 100);
    expect(new Set(reported)).toEqual(new Set(differ));
  });

  it('explains every changed answer by a rule edit', () => {
    const unexplained = report.causes.find((c) => c.kind === 'unexplained');
    expect(unexplained?.answers ?? 0).toBe(0);
    expect(report.causes.some((c) => c.kind === 'feature-added' && c.subject === 'fdp-excptn-only')).toBe(true);
    expect(report.causes.some((c) => c.category === 'tcg' && c.subject === 'x2apic')).toBe(true);
  });
});
