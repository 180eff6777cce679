/**
 * Records the x86_64 QEMUs under KVM on this machine (needs /dev/kvm): the
 * host's description (host model, query-cpu-definitions), the differential
 * requests and realize runs (test/fixtures/kvm-host/x86_64-<version>.jsonl.br),
 * so that `npm test` on a machine without KVM still checks every answer.
 * Usage: npx tsx scripts/record-kvm-host.ts [7.2|10.0 ...]
 */
import { writeFileAtomic } from '../src/index.js';
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { kvmHostPath, kvmUsable, recordKvmHost, writeKvmHost } from '../test/differential/kvm-host.js';

if (!kvmUsable()) throw new Error('/dev/kvm is not usable here: nothing to record');
const versions = (process.argv.slice(2).length ? process.argv.slice(2) : ['7.2', '10.0']) as QemuVersion[];
for (const version of versions) {
  const binary = findQemu(version, 'x86_64');
  if (!binary) throw new Error(`QEMU ${version} (x86_64) not found; run scripts/setup-qemu.sh`);
  const started = Date.now();
  const rec = await recordKvmHost(binary, version);
  writeFileAtomic(kvmHostPath(version), writeKvmHost(rec));
  console.log(`QEMU ${rec.qemu} under KVM on ${rec.host}: ${rec.requests.length} answers, ${rec.realize.length} realize runs in ${Date.now() - started} ms`);
}
