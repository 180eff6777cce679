/**
 * Records the live QEMUs' answers under every compat machine type, so that
 * `npm test` without QEMU still checks them (test/differential/machines.test.ts).
 * Usage: npx tsx scripts/record-machines.ts [7.2|10.0 ...]
 */
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { writeMachineRecording } from '../test/differential/machine-recordings.js';
import { liveMachines, suiteRequests } from '../test/differential/machine-suite.js';

const versions = (process.argv.slice(2).length ? process.argv.slice(2) : ['7.2', '10.0']) as QemuVersion[];
for (const version of versions) {
  const binary = findQemu(version, 's390x');
  if (!binary) throw new Error(`QEMU ${version} not found`);
  const started = Date.now();
  const rec = await liveMachines(binary.path, binary.version, suiteRequests(version));
  writeMachineRecording(version, rec);
  console.log(`QEMU ${binary.version}: recorded ${rec.runs.length} machines × ${rec.requests.length} requests in ${Date.now() - started} ms`);
}
