import { beforeAll, describe, expect, it } from 'vitest';
import { openRules } from '../../src/index.js';
import { diffSides } from '../../src/diff/diff.js';
import { isExtended } from '../../src/diff/space-kinds.js';
import { requestKey } from '../../src/diff/space.js';
import type { DiffSection, Reply } from '../../src/diff/types.js';
import { semanticEqual } from '../../src/oracle/agreement.js';
import { bothQemus, type QemuAnswers } from './qemu-answers.js';

/**
 * `cpumodel diff qemu-7.2 qemu-10.0` against the two real QEMUs.
 *
 * What "equal" means here:
 * - M: the CPU models both QEMUs list in query-cpu-definitions; S: their model
 *   space (query-cpu-definitions, every static and full expansion, every
 *   ordered pair's comparison and baseline), the requests the diff asks both
 *   profiles. Requests are identified by their JSON with sorted keys.
 * - Q: the requests of S whose answers differ between QEMU 7.2 and 10.0, by
 *   the agreement report's semantics (maps by key, lists as sets, errors by
 *   class); D: the requests the diff reports as changed. Q = D, and for each
 *   of them the diff's old/new answers equal QEMU 7.2's/10.0's.
 * - Modulo deprecated-props, which only 10.0 has: Q' = the requests still
 *   differing once deprecated-props is dropped from both answers, D' = the
 *   changes with a difference some other cause explains. Q' = D', and the
 *   deprecation is one cause in the report, explaining exactly D \ D' plus its
 *   share of D'.
 * - The models only 10.0 lists are the models the diff reports as added, and
 *   no change is left unexplained.
 */
const dropDeprecated = (r: unknown): unknown => {
  const copy = JSON.parse(JSON.stringify(r)) as { return?: Record<string, unknown> };
  if (copy.return && !Array.isArray(copy.return)) delete copy.return['deprecated-props'];
  return copy;
};

const differ = (a: unknown, b: unknown) => !semanticEqual(a, b as Reply);
const keys = (rs: Iterable<{ execute: string }>) => new Set([...rs].map(requestKey));

describe('diff qemu-7.2 → qemu-10.0 matches the two QEMUs', () => {
  let report: DiffSection;
  let extended: number;
  let detailed: DiffSection['answers']['changed'];
  let qemu: { old: QemuAnswers; new: QemuAnswers; common: string[]; requests: import('../../src/diff/types.js').QueryRequest[] };

  beforeAll(async () => {
    const rs = openRules();
    const s = await diffSides({ label: 'built-in', ruleSet: rs, profile: 'qemu-7.2' }, { label: 'built-in', ruleSet: rs, profile: 'qemu-10.0' });
    if ('diagnostics' in s) throw new Error('built-in rules do not compile');
    // The bare model space, which QEMU's answers were recorded for (the rest of the diff's space is tested in whole-space.test.ts).
    report = { ...s, answers: { ...s.answers, changed: s.answers.changed.filter((c) => !isExtended(c.request)) } };
    extended = s.answers.compared;
    detailed = s.answers.changed;
    qemu = await bothQemus();
    console.log(`[diff 7.2→10.0] ${qemu.requests.length} requests over ${qemu.common.length} common models; ${qemu.old.source}; ${qemu.new.source}`);
  });

  it('asks the same model space', () => {
    expect(report.answers.commonModels).toBe(qemu.common.length);
    expect(extended).toBeGreaterThan(qemu.requests.length * 5);
    expect(new Set(report.models.added)).toEqual(new Set(qemu.new.models.filter((m) => !qemu.old.models.includes(m))));
    expect(report.models.removed).toEqual(qemu.old.models.filter((m) => !qemu.new.models.includes(m)));
  });

  it('reports exactly the requests whose answers differ between the QEMUs, with their answers', () => {
    const q = qemu.requests.filter((r) => differ(qemu.old.answer(r), qemu.new.answer(r)));
    expect(q.length).toBeGreaterThan(0);
    expect(keys(report.answers.changed.map((c) => c.request))).toEqual(keys(q));
    for (const c of report.answers.changed) {
      expect(semanticEqual(qemu.old.answer(c.request), c.old), `old answer of ${requestKey(c.request)}`).toBe(true);
      expect(semanticEqual(qemu.new.answer(c.request), c.new), `new answer of ${requestKey(c.request)}`).toBe(true);
    }
  });

  it('modulo deprecated-props: one cause, and the rest of the changes match too', () => {
    const deprecation = report.causes.filter((c) => c.kind === 'deprecation');
    expect(deprecation).toHaveLength(1);
    const id = deprecation[0]!.id;
    const qPrime = qemu.requests.filter((r) => differ(dropDeprecated(qemu.old.answer(r)), dropDeprecated(qemu.new.answer(r))));
    const dPrime = report.answers.changed.filter((c) => c.deltas.some((d) => d.causes.some((x) => x !== id)));
    expect(keys(dPrime.map((c) => c.request))).toEqual(keys(qPrime));
    const onlyDeprecation = report.answers.changed.filter((c) => !dPrime.includes(c));
    expect(onlyDeprecation.every((c) => c.deltas.every((d) => d.causes.length === 1 && d.causes[0] === id))).toBe(true);
    const explained = detailed.filter((c) => c.deltas.some((d) => d.causes.includes(id)));
    expect(deprecation[0]!.answers).toBe(explained.length);
  });

  it('explains every change with rules', () => {
    expect(report.causes.filter((c) => c.kind === 'unexplained')).toEqual([]);
    for (const c of report.answers.changed) for (const d of c.deltas) expect(d.causes.length).toBeGreaterThan(0);
  });
});
