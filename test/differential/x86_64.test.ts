import { beforeAll, describe, expect, it } from 'vitest';
import { agreement, percent } from '../../src/oracle/agreement.js';
import { parseExact } from '../../src/oracle/exact-json.js';
import { FRESH_COUNT, oracle, RANDOM_COUNT, show, VERSIONS, type Case, type Oracle } from './x86_64-suite.js';
import { x86Answerer } from './x86_64-engine.js';

/**
 * x86_64 against QEMU: every request of the suite (model space, the CPU
 * object's property writes, seeded random requests, and fresh random ones
 * when live) answered by cpumodel end to end through a QMP session and by
 * qemu-system-x86_64 (live when installed, else test/fixtures/qemu/).
 */
for (const version of VERSIONS) {
  describe(`x86_64 differential against QEMU ${version}`, () => {
    let data: Oracle;
    let requests: unknown[];
    let qemu: unknown[];
    let ours: unknown[];

    beforeAll(async () => {
      const started = Date.now();
      data = await oracle(version);
      const answer = x86Answerer(version);
      requests = data.cases.map((c) => parseExact(c.request));
      qemu = data.replies.map(parseExact);
      ours = data.cases.map((c) => answer(c.request));
      console.log(`[x86_64 ${version}] ${data.cases.length} requests answered by ${data.source} in ${Date.now() - started} ms` +
        (data.freshSeed !== undefined ? `; fresh random seed ${data.freshSeed}` : ''));
    });

    const check = (label: string, select: (c: Case) => boolean, minimum: number) =>
      it(label, (ctx) => {
        const idx = data.cases.map((c, i) => (select(c) ? i : -1)).filter((i) => i >= 0);
        if (minimum === 0 && idx.length === 0) return ctx.skip();
        expect(idx.length).toBeGreaterThanOrEqual(minimum);
        const a = agreement(idx.map((i) => requests[i] as never), idx.map((i) => qemu[i]), idx.map((i) => ours[i]));
        console.log(`[x86_64 ${version}] ${label}: ${a.total} requests, ${percent(a.total - a.mismatches.length, a.total)} equal, ` +
          `${percent(a.exact, a.total)} in the same key and list order, error texts ${percent(a.errorTexts, a.errors)} of ${a.errors}`);
        expect(a.mismatches, show(a)).toEqual([]);
      });

    const space = (execute: string) => (c: Case) => c.origin === 'space' && c.request.includes(`"execute":"${execute}"`);
    check('every name: static and full expansion', space('query-cpu-model-expansion'), 2 * 132);
    check('query-cpu-definitions', space('query-cpu-definitions'), 1);
    check('comparison and baseline: CommandNotFound', (c) => c.origin === 'space' && /comparison|baseline/.test(c.request), 2);
    check('the CPU object\'s non-feature properties', (c) => c.origin === 'qom', 400);
    check('recorded random requests', (c) => c.origin === 'random', RANDOM_COUNT);
    check('fresh random requests (live only)', (c) => c.origin === 'fresh', 0);

    it('QEMU answered every request, and the random set is not mostly errors', () => {
      expect(data.replies.length).toBe(data.cases.length);
      const random = data.cases.map((c, i) => (c.origin === 'random' ? qemu[i] : null)).filter(Boolean) as { return?: unknown }[];
      expect(random.filter((r) => r.return !== undefined).length).toBeGreaterThan(RANDOM_COUNT / 3);
      if (data.freshSeed !== undefined) expect(data.cases.filter((c) => c.origin === 'fresh').length).toBe(FRESH_COUNT);
    });

    it('the live binary still gives the recorded answers', (ctx) => {
      const rec = data.recorded;
      if (!rec) return ctx.skip();
      const drift = rec.cases.filter((c, i) => c.reply !== data.replies[i]);
      expect(drift.map((c) => c.request).slice(0, 5)).toEqual([]);
    });
  });
}
