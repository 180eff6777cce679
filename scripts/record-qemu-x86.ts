/**
 * Records the live x86_64 QEMUs' answers to the differential suite (the
 * model space, the CPU object's property writes, seeded random requests),
 * with the generator inputs asked of each binary, so that `npm test` on a
 * machine without QEMU still checks every answer; then the same under every
 * machine type (test/fixtures/qemu/x86_64-machines-*.jsonl.br).
 * Usage: npx tsx scripts/record-qemu-x86.ts [7.2|10.0 ...]
 */
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { writeArchRecording } from '../test/differential/arch-recordings.js';
import { ARCH, askLive, RECORD_SEED, VERSIONS } from '../test/differential/x86_64-suite.js';
import { recordMachines } from '../test/differential/x86_64-machine-suite.js';

const versions = (process.argv.slice(2).length ? process.argv.slice(2) : VERSIONS) as QemuVersion[];
for (const version of versions) {
  const binary = findQemu(version, ARCH);
  if (!binary) throw new Error(`QEMU ${version} (${ARCH}) not found; run scripts/setup-qemu.sh`);
  let started = Date.now();
  const live = await askLive(binary.path, null);
  const { ownFeatures: _, ...inputs } = live.inputs;
  writeArchRecording(ARCH, version, {
    qemu: binary.version, seed: RECORD_SEED, inputs,
    cases: live.cases.map((c, i) => ({ origin: c.origin as 'space' | 'qom' | 'random', request: c.request, reply: live.replies[i]! })),
  });
  console.log(`QEMU ${binary.version}: recorded ${live.cases.length} answers in ${Date.now() - started} ms`);
  started = Date.now();
  const machines = await recordMachines(version, binary);
  console.log(`QEMU ${binary.version}: recorded ${machines.runs.length} machines × ${machines.requests.length} requests in ${Date.now() - started} ms`);
}
