import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine } from '../../src/index.js';
import { parseModelSpec } from '../../src/cli/spec.js';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { realizeAll, realizeMismatches, type RealizeOutput } from '../../src/oracle/realize.js';
import { realizeSpecs } from '../s390x.js';
import { PROFILE } from './suite.js';
import { REALIZE_COUNT, REALIZE_SEED, realizeFixture } from './realize-fixture.js';

/**
 * What QEMU prints when a VM starts with `-cpu SPEC` (dependency warnings, then
 * the runnability error against TCG's maximum model) against cpumodel's
 * lint-model warnings and realize check. Live when the binary is present,
 * recorded (test/fixtures/qemu/realize-*.json) otherwise.
 */

for (const version of ['7.2', '10.0'] as QemuVersion[]) {
  describe(`realize-time output against QEMU ${version}`, () => {
    const engine = builtinEngine(PROFILE[version]);
    let outputs: RealizeOutput[] = [];
    let source = '';

    beforeAll(async () => {
      const binary = findQemu(version, 's390x');
      if (binary) {
        outputs = await realizeAll(binary.path, 's390-ccw-virtio', realizeSpecs(engine, REALIZE_SEED, REALIZE_COUNT));
        source = `live ${binary.path}`;
      } else if (requireLive()) {
        throw new Error(`QEMU ${version} is required (CI) but was not found`);
      } else if (existsSync(realizeFixture(version))) {
        outputs = JSON.parse(readFileSync(realizeFixture(version), 'utf8')) as RealizeOutput[];
        source = 'recording';
      }
      console.log(`[realize ${version}] ${outputs.length} -cpu specs realized by ${source}`);
    });

    it('warnings, error and hint equal QEMU for every spec', () => {
      expect(outputs.length).toBeGreaterThanOrEqual(REALIZE_COUNT);
      const mismatches = realizeMismatches(engine, outputs, parseModelSpec);
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(outputs.some((o) => o.warnings.length > 0)).toBe(true);
    });
  });
}
