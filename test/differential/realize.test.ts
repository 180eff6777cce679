import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine, TARGETS } from '../../src/index.js';
import { parseModelSpec } from '../../src/cli/spec.js';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { realizeAll, realizeMismatches, type RealizeOutput } from '../../src/oracle/realize.js';
import { PROFILE } from './suite.js';
import { REALIZE_COUNT, REALIZE_SEED, realizeFixture } from './realize-fixture.js';

/**
 * What QEMU prints when a VM starts with `-cpu SPEC` (warnings, then the
 * error and its hint), against cpumodel's realize, for every architecture
 * whose oracle names realize specs (s390x: dependency warnings and the
 * runnability error against TCG's maximum model; x86_64: TCG and dependency
 * warnings, enforce, bad values). Live when the binary is present, recorded
 * (test/fixtures/qemu/<arch>-realize-*.json) otherwise.
 */
for (const target of TARGETS) {
  const hooks = target.policy.oracle.realize;
  if (!hooks) continue;
  const arch = target.info.name;
  for (const version of ['7.2', '10.0'] as QemuVersion[]) {
    describe(`${arch} realize-time output against QEMU ${version}`, () => {
      const engine = builtinEngine(PROFILE[version], { arch, machine: hooks.machine });
      let outputs: RealizeOutput[] = [];
      let source = '';

      beforeAll(async () => {
        const binary = findQemu(version, arch);
        if (binary) {
          outputs = await realizeAll(binary.path, hooks.machine, hooks.specs(engine, REALIZE_SEED, REALIZE_COUNT));
          source = `live ${binary.path}`;
        } else if (requireLive()) {
          throw new Error(`QEMU ${version} (${arch}) is required (CI) but was not found`);
        } else if (existsSync(realizeFixture(arch, version))) {
          outputs = JSON.parse(readFileSync(realizeFixture(arch, version), 'utf8')) as RealizeOutput[];
          source = 'recording';
        }
        console.log(`[${arch} realize ${version}] ${outputs.length} -cpu specs realized by ${source}`);
      }, 600_000);

      it('warnings, error and hint equal QEMU for every spec', () => {
        expect(outputs.length).toBeGreaterThanOrEqual(REALIZE_COUNT);
        const mismatches = realizeMismatches(engine, outputs, parseModelSpec);
        expect(mismatches.slice(0, 5)).toEqual([]);
        expect(outputs.some((o) => o.warnings.length > 0)).toBe(true);
        expect(outputs.some((o) => o.error !== undefined)).toBe(true);
      });
    });
  }
}
