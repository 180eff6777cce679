import { beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine, type ArchEngine as Engine } from '../../src/index.js';
import type { Reply } from '../../src/server/commands.js';
import type { QemuVersion } from '../../src/oracle/binaries.js';
import { agreement, normalize, percent, type Agreement } from '../../src/oracle/agreement.js';
import { answer, oracle, PROFILE, type Case, type Oracle } from './suite.js';

function show(a: Agreement): string {
  const lines = a.mismatches.slice(0, 8).map((m) =>
    `  ${JSON.stringify(m.request)}\n    qemu: ${JSON.stringify(m.qemu)}\n    ours: ${JSON.stringify(m.ours)}`);
  return `${a.mismatches.length} mismatches of ${a.total}\n${lines.join('\n')}`;
}

for (const version of ['7.2', '10.0'] as QemuVersion[]) {
  describe(`differential against QEMU ${version}`, () => {
    let engine: Engine;
    let data: Oracle;
    let ours: Reply[];

    beforeAll(async () => {
      engine = builtinEngine(PROFILE[version]);
      data = await oracle(version);
      ours = data.cases.map((c) => answer(engine, c.request));
      console.log(`[differential ${version}] ${data.cases.length} requests answered by ${data.source}` +
        (data.freshSeed !== undefined ? `; fresh random seed ${data.freshSeed}` : ''));
    });

    const check = (label: string, select: (c: Case) => boolean, minimum: number) =>
      it(label, (ctx) => {
        const idx = data.cases.map((c, i) => (select(c) ? i : -1)).filter((i) => i >= 0);
        if (minimum === 0 && idx.length === 0) ctx.skip();
        expect(idx.length).toBeGreaterThanOrEqual(minimum);
        const a = agreement(idx.map((i) => data.cases[i]!.request), idx.map((i) => data.qemu[i]), idx.map((i) => ours[i]!));
        console.log(`[differential ${version}] ${label}: ${a.total} requests, ${percent(a.semantic, a.total)} equal, ` +
          `${percent(a.exact, a.total)} identical in key and list order, error texts ${percent(a.errorTexts, a.errors)} of ${a.errors}`);
        expect(a.mismatches, show(a)).toEqual([]);
      });

    const space = (execute: string) => (c: Case) => c.origin === 'space' && c.request.execute === execute;
    check('every model: static and full expansion', space('query-cpu-model-expansion'), 2 * 78);
    check('every ordered pair: comparison', space('query-cpu-model-comparison'), 78 * 78);
    check('every ordered pair: baseline', space('query-cpu-model-baseline'), 78 * 78);
    check('query-cpu-definitions', space('query-cpu-definitions'), 1);
    check('non-feature properties of the CPU object', (c) => c.origin === 'qom', 300);
    check('recorded random requests', (c) => c.origin === 'random', 2000);
    check('fresh random requests (live only)', (c) => c.origin === 'fresh', 0);

    it('the live binary still gives the recorded answers', (ctx) => {
      if (!data.recorded) ctx.skip();
      if (!data.recorded) return;
      const drift = data.recorded.filter((r, i) => JSON.stringify(normalize(r)) !== JSON.stringify(normalize(data.qemu[i])));
      expect(drift.length).toBe(0);
    });
  });
}
