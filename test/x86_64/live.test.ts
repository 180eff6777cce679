import { describe, expect, it } from 'vitest';
import { answer } from './live/answer.js';
import { pct, tally, type Tally } from './live/compare.js';
import { askQemu, x86Qemu } from './live/qemu.js';
import { cornerCases, DEFINITIONS, everyModel, randomRequests } from './live/requests.js';
import { engineFor, rulesFor, VERSIONS, type Version } from './rules.js';

/**
 * The quick live differential: both x86 binaries against the engine on
 * query-cpu-definitions, static and full expansion of every name, the
 * corner cases of Appendix E.1 (every QOM property × every kind of value)
 * and a few hundred seeded random requests; and the machines whose compat
 * props change CPU models. Skipped when a binary is missing, unless CI is set.
 */
function show(t: Tally): string {
  return `${t.mismatches.length} of ${t.total} differ\n` + t.mismatches.slice(0, 6).map((m) => `  ${m.request}\n    qemu: ${m.qemu}\n    ours: ${m.ours}`).join('\n');
}

async function run(version: Version, label: string, requests: string[], machine?: string): Promise<Tally> {
  const qemu = (await askQemu(x86Qemu(version)!, requests, machine)).map((r) => r.text);
  const engine = engineFor(version, machine ? { machine } : {});
  const t = tally(requests, qemu, requests.map((r) => answer(engine, r)));
  console.log(`[x86 live ${version}${machine ? ` ${machine}` : ''}] ${label}: ${t.total} requests, ${pct(t.equal, t.total)} equal, ${pct(t.exact, t.total)} identical text`);
  return t;
}

const MACHINES: Record<Version, string[]> = {
  '7.2': ['pc-i440fx-4.1', 'pc-i440fx-4.0', 'pc-i440fx-2.12', 'pc-i440fx-2.2', 'pc-i440fx-1.4', 'pc-q35-2.4', 'microvm'],
  '10.0': ['pc-i440fx-4.0', 'pc-i440fx-3.1', 'pc-i440fx-2.12', 'pc-i440fx-2.4', 'pc-q35-6.0', 'pc-q35-8.0', 'microvm'],
};

for (const version of VERSIONS) {
  const live = x86Qemu(version) !== null;
  describe.skipIf(!live)(`x86_64 against QEMU ${version} (live)`, () => {
    const rules = rulesFor(version);

    it('query-cpu-definitions, static and full expansion of every name', async () => {
      const t = await run(version, 'definitions and every model', [DEFINITIONS, ...everyModel(rules)]);
      expect(t.mismatches, show(t)).toEqual([]);
      expect(t.exact).toBe(t.total);
    }, 300_000);

    it('corner cases: every QOM property with every kind of value, names, props shapes', async () => {
      const t = await run(version, 'corner cases', cornerCases(rules));
      expect(t.mismatches, show(t)).toEqual([]);
      expect(t.exact).toBe(t.total);
    }, 300_000);

    it('seeded random requests', async () => {
      const t = await run(version, 'random (seed 72100)', randomRequests(rules, 600, 72100));
      expect(t.mismatches, show(t)).toEqual([]);
      expect(t.exact).toBe(t.total);
    }, 300_000);

    for (const machine of MACHINES[version]) {
      it(`machine ${machine}: definitions, static and full expansion of every name`, async () => {
        const requests = [DEFINITIONS, ...everyModel(rules)];
        const t = await run(version, 'definitions and every model', requests, machine);
        expect(t.mismatches, show(t)).toEqual([]);
      }, 300_000);
    }
  });
}
