/**
 * Records what the live QEMUs print when they start with each realize spec
 * of every architecture (test/fixtures/qemu/<arch>-realize-<version>.json),
 * so that `npm test` on a machine without QEMU still checks every answer.
 * Usage: npx tsx scripts/record-realize.ts [7.2|10.0 ...]
 */
import { builtinEngine, TARGETS, writeFileAtomic } from '../src/index.js';
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { realizeAll } from '../src/oracle/realize.js';
import { REALIZE_COUNT, REALIZE_SEED, realizeFixture } from '../test/differential/realize-fixture.js';
import { PROFILE } from '../test/differential/suite.js';

const versions = (process.argv.slice(2).length ? process.argv.slice(2) : ['7.2', '10.0']) as QemuVersion[];
for (const target of TARGETS) {
  const hooks = target.policy.oracle.realize;
  if (!hooks) continue;
  const arch = target.info.name;
  for (const version of versions) {
    const binary = findQemu(version, arch);
    if (!binary) throw new Error(`QEMU ${version} (${arch}) not found; run scripts/setup-qemu.sh`);
    const engine = builtinEngine(PROFILE[version], { arch, machine: hooks.machine });
    const realized = await realizeAll(binary.path, hooks.machine, hooks.specs(engine, REALIZE_SEED, REALIZE_COUNT));
    const path = realizeFixture(arch, version);
    writeFileAtomic(path, `${JSON.stringify(realized, null, 1)}\n`);
    console.log(`${arch} QEMU ${binary.version}: recorded ${realized.length} realize outputs`);
  }
}
