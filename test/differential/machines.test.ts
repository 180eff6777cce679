import { beforeAll, describe, expect, it } from 'vitest';
import type { QemuVersion } from '../../src/oracle/binaries.js';
import { agreement, normalize, percent, type Agreement } from '../../src/oracle/agreement.js';
import { answer } from './suite.js';
import { expectedListing, expectedRuns, machineEngine, machineOracle, type MachineOracle } from './machine-suite.js';

/**
 * Compat machine types, end to end: for every machine type of each QEMU
 * version, cpumodel's QMP session with that machine against QEMU started
 * paused with `-machine NAME` (live, or the recording in test/fixtures/qemu/).
 */
function show(a: Agreement): string {
  const lines = a.mismatches.slice(0, 5).map((m) =>
    `  ${JSON.stringify(m.request)}\n    qemu: ${JSON.stringify(m.qemu)}\n    ours: ${JSON.stringify(m.ours)}`);
  return `${a.mismatches.length} mismatches of ${a.total}\n${lines.join('\n')}`;
}

for (const version of ['7.2', '10.0'] as QemuVersion[]) {
  describe(`compat machine types against QEMU ${version}`, () => {
    let data: MachineOracle;
    const runs = expectedRuns(version);
    let total = 0;

    beforeAll(async () => {
      const started = Date.now();
      data = await machineOracle(version);
      console.log(`[machines ${version}] ${data.runs.length} machines × ${data.requests.length} requests answered by ${data.source} in ${Date.now() - started} ms`);
    });

    it('QEMU offers exactly the machines of the profile, with the same alias and deprecation flags', () => {
      expect(data.machines).toEqual(expectedListing(version));
      expect([...data.runs].sort()).toEqual([...runs].sort());
    });

    it.each(runs)('%s: every answer equals QEMU', (machine) => {
      const run = data.runs.indexOf(machine);
      expect(run, `QEMU has no machine ${machine}`).toBeGreaterThanOrEqual(0);
      const engine = machineEngine(version, machine);
      const a = agreement(data.requests, data.replies[run]!, data.requests.map((r) => answer(engine, r)));
      total += a.total;
      expect(a.mismatches, show(a)).toEqual([]);
      expect(percent(a.semantic, a.total)).toBe('100%');
    });

    it('covers every machine', () => {
      expect(total).toBe(runs.length * data.requests.length);
      console.log(`[machines ${version}] ${total} answers equal across ${runs.length} machines`);
    });

    it('the live binary still gives the recorded answers', (ctx) => {
      const rec = data.recorded;
      if (!rec || JSON.stringify(rec.requests) !== JSON.stringify(data.requests)) return ctx.skip();
      const drift = data.runs.flatMap((m, run) => {
        const old = rec.replies[rec.runs.indexOf(m)];
        return data.replies[run]!.filter((r, i) => !old || JSON.stringify(normalize(r)) !== JSON.stringify(normalize(old[i])));
      });
      expect(drift.length).toBe(0);
    });
  });
}
