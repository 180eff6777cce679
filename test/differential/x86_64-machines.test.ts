import { beforeAll, describe, expect, it } from 'vitest';
import { agreement, percent } from '../../src/oracle/agreement.js';
import { parseExact } from '../../src/oracle/exact-json.js';
import { show, VERSIONS } from './x86_64-suite.js';
import { machineOracle, type MachineOracle } from './x86_64-machine-suite.js';
import { x86DirectAnswerer, x86Machines } from './x86_64-engine.js';

/**
 * x86_64 machine types, end to end: for every machine type QEMU offers (and
 * the aliases pc and q35), cpumodel's engine for that machine against QEMU
 * started paused with `-machine NAME` (live, or the recording):
 * query-cpu-definitions and the static and full expansion of every name.
 * Answers are compared as values (key order is checked by x86_64.test.ts,
 * through the QMP writer; here it would cost a minute per version).
 */
for (const version of VERSIONS) {
  describe(`x86_64 machine types against QEMU ${version}`, () => {
    let data: MachineOracle;
    let requests: unknown[];

    beforeAll(async () => {
      const started = Date.now();
      data = await machineOracle(version);
      requests = data.requests.map(parseExact);
      console.log(`[x86_64 machines ${version}] ${data.runs.length} machines × ${data.requests.length} requests answered by ${data.source} in ${Date.now() - started} ms`);
    });

    it('cpumodel knows exactly the machine types QEMU offers (and `none`)', () => {
      const known = new Set(x86Machines(version));
      expect(data.runs.filter((m) => !known.has(m))).toEqual([]);
      expect([...known].filter((m) => m !== 'none' && !data.runs.includes(m))).toEqual([]);
    });

    it('every answer under every machine equals QEMU', () => {
      let total = 0;
      const failed: string[] = [];
      const cache = new Map<string, unknown>();
      for (const [run, machine] of data.runs.entries()) {
        const answer = x86DirectAnswerer(version, machine);
        const qemu = data.replies[run]!.map((line) => cache.get(line) ?? cache.set(line, parseExact(line)).get(line));
        const a = agreement(requests as never[], qemu, data.requests.map(answer), { order: false });
        total += a.total;
        if (a.mismatches.length) failed.push(`${machine}: ${percent(a.total - a.mismatches.length, a.total)} equal; ${show(a, 3)}`);
      }
      console.log(`[x86_64 machines ${version}] ${total} answers across ${data.runs.length} machines, ${failed.length} machines differ`);
      expect(failed).toEqual([]);
      expect(total).toBe(data.runs.length * data.requests.length);
    });

    it('the live binary still gives the recorded answers', (ctx) => {
      const rec = data.recorded;
      if (!rec || rec.requests.join('\n') !== data.requests.join('\n')) return ctx.skip();
      const drift = data.runs.filter((m, run) => {
        const old = rec.replies[rec.runs.indexOf(m)];
        return !old || old.some((line, i) => line !== data.replies[run]![i]);
      });
      expect(drift).toEqual([]);
    });
  });
}
