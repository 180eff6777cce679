/**
 * Records the answers of the live QEMUs to the differential suite, so that
 * `npm test` on a machine without QEMU still checks every answer.
 * (Realize runs: scripts/record-realize.ts.)
 * Usage: npx tsx scripts/record-qemu.ts [7.2|10.0 ...]
 */
import { builtinEngine } from '../src/index.js';
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { QemuProcess } from '../src/oracle/qemu-process.js';
import { writeRecording } from '../test/differential/recordings.js';
import { PROFILE, RECORD_SEED, recordedSuite } from '../test/differential/suite.js';

const versions = (process.argv.slice(2).length ? process.argv.slice(2) : ['7.2', '10.0']) as QemuVersion[];
for (const version of versions) {
  const binary = findQemu(version, 's390x');
  if (!binary) throw new Error(`QEMU ${version} not found`);
  const cases = recordedSuite(builtinEngine(PROFILE[version]));
  const started = Date.now();
  const qemu = await QemuProcess.start(binary.path);
  const replies = await qemu.batch(cases.map((c) => c.request));
  await qemu.close();
  writeRecording(version, {
    qemu: binary.version, seed: RECORD_SEED,
    pairs: cases.map((c, i) => ({ origin: c.origin as 'space' | 'qom' | 'random', request: c.request, reply: replies[i] })),
  });
  console.log(`QEMU ${binary.version}: recorded ${cases.length} answers in ${Date.now() - started} ms`);
}
