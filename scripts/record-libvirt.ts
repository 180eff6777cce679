/**
 * Records what virsh prints for every libvirt test case (test/libvirt/cases.ts)
 * with the real QEMU as the emulator, through an isolated libvirtd 11.3
 * (test/libvirt/libvirtd.ts), into test/fixtures/libvirt/s390x-tcg-<version>.json.gz.
 * The emulator's path and the CPU files' folder are masked. Needs
 * scripts/setup-libvirt.sh (libvirt 11.3, QEMU 10.0 next to its qemu-bundle/).
 * Usage: npx tsx scripts/record-libvirt.ts [7.2|10.0 ...]
 */
import { spawnSync } from 'node:child_process';
import type { QemuVersion } from '../src/oracle/binaries.js';
import { qemuVersionOf } from '../src/oracle/binaries.js';
import { TCG_CASES } from '../test/libvirt/cases.js';
import { realQemu } from '../test/libvirt/emulators.js';
import { Libvirtd, libvirtMissing, LIBVIRTD } from '../test/libvirt/libvirtd.js';
import { writeLibvirtRecording } from '../test/libvirt/recordings.js';
import { installCpuFiles, runCases, warmUp } from '../test/libvirt/run.js';

const versions = (process.argv.slice(2).length ? process.argv.slice(2) : ['7.2', '10.0']) as QemuVersion[];
const missing = libvirtMissing();
if (missing) throw new Error(missing);
const libvirt = spawnSync(LIBVIRTD, ['--version'], { encoding: 'utf8' }).stdout.trim();
const daemon = await Libvirtd.start();
try {
  const cpuDir = installCpuFiles(daemon);
  for (const version of versions) {
    const emulator = realQemu(version);
    if (!emulator) throw new Error(`no QEMU ${version} for libvirt (scripts/setup-libvirt.sh)`);
    const qemu = qemuVersionOf(emulator) ?? version;
    const started = Date.now();
    const probe = await warmUp(daemon, emulator);
    if (probe.status !== 0) throw new Error(`libvirt cannot probe ${emulator}: ${probe.stderr}`);
    const results = await runCases(daemon, TCG_CASES, emulator, cpuDir);
    const crashed = results.filter((r) => r.crashed).map((r) => r.id);
    if (crashed.length) throw new Error(`libvirtd crashed during: ${crashed.join(', ')}`);
    writeLibvirtRecording(version, {
      origin: `scripts/record-libvirt.ts on ${new Date().toISOString().slice(0, 10)}: ${libvirt}, session-mode libvirtd ` +
        `(test/libvirt/libvirtd.ts), emulator QEMU ${qemu} for s390x under TCG; paths masked`,
      libvirt: libvirt.replace(/^.* /, ''),
      qemu,
      cases: results.map((r, i) => ({ ...r, args: TCG_CASES[i]!.args })),
    });
    console.log(`QEMU ${qemu}: recorded ${results.length} virsh cases in ${Date.now() - started} ms`);
  }
} finally {
  await daemon.stop();
}
