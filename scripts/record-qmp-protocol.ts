/**
 * Records live QEMU answers to the protocol cases into
 * test/fixtures/qmp-protocol/qemu-<version>.json, and to the fixed-seed QMP
 * fuzz inputs into fuzz-<version>.json (written atomically).
 *
 *   npx tsx scripts/record-qmp-protocol.ts [7.2|10.0 ...]
 *
 * Without arguments both versions are recorded; a version whose binary is
 * missing is reported and skipped (exit code 1 if any was skipped).
 */
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { PROTOCOL_CASES } from '../test/qmp/protocol-cases.js';
import { fixturePath, recordLive, writeRecording } from '../test/qmp/protocol-run.js';
import { FUZZ_SEED, LIVE_CASES, fuzzFixture } from '../test/fuzz/qmp-fixture.js';
import { qmpFuzzCases } from '../test/fuzz/qmp-cases.js';
import { renameSync, writeFileSync } from 'node:fs';

const wanted = (process.argv.slice(2).length ? process.argv.slice(2) : ['7.2', '10.0']) as QemuVersion[];
let skipped = 0;
for (const version of wanted) {
  const qemu = findQemu(version, 's390x');
  if (!qemu) {
    console.error(`QEMU ${version}: no binary found (see test/live/binaries.ts); skipped`);
    skipped++;
    continue;
  }
  const started = Date.now();
  const recording = await recordLive(qemu.path, qemu.version, PROTOCOL_CASES);
  writeRecording(version, recording);
  const lines = recording.cases.reduce((n, c) => n + c.lines.length, 0);
  console.log(`QEMU ${qemu.version}: ${recording.cases.length} cases, ${lines} lines in ${Date.now() - started} ms -> ${fixturePath(version)}`);
  const fuzz = await recordLive(qemu.path, qemu.version, qmpFuzzCases(FUZZ_SEED, LIVE_CASES));
  writeFileSync(`${fuzzFixture(version)}.tmp`, `${JSON.stringify(fuzz, null, 1)}\n`);
  renameSync(`${fuzzFixture(version)}.tmp`, fuzzFixture(version));
  console.log(`QEMU ${qemu.version}: ${fuzz.cases.length} fuzz inputs -> ${fuzzFixture(version)}`);
}
process.exitCode = skipped ? 1 : 0;
