/**
 * Records the real QEMUs' answers to libvirt's capability probe, so that
 * `cpumodel emulator` can answer everything but the CPU-model commands
 * without a QEMU of that architecture (probe/<arch>/qemu-<version>.qmp.br, brotli-compressed text).
 *
 * Each QEMU runs with libvirt 11.3's probe command line (the monitor on
 * stdio instead of a unix socket, no pid file, no -daemonize: the replies
 * are the same) and is sent every request libvirt 11.3 sends in its probe
 * (src/qemu/qemu_capabilities.c: virQEMUCapsInitQMPMonitor and the tables
 * of device, object and machine types it asks about), as a superset: a
 * type this QEMU lacks is recorded with QEMU's error. The CPU-model
 * commands are recorded too (the tests compare cpumodel's answers with
 * them) but the emulator answers those from the rules.
 *
 * As root, QEMU runs as `nobody` (the way libvirt runs it as its own user):
 * on a machine with /dev/kvm, root's QEMU would choose KVM, and its x86 CPU
 * answers would be this machine's host CPU's instead of TCG's, which is what
 * the emulator answers without `--env`.
 *
 * QEMU 10.0 unpacked with `dpkg -x` looks for its modules in the installed
 * 7.2's folder and aborts in `qom-list-types`; a hard link of the binary
 * next to an empty `qemu-bundle/` folder makes it use its own (none).
 *
 * Usage: npx tsx scripts/record-probe.ts [s390x|x86_64 …] [7.2|10.0 …]
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, constants } from 'node:zlib';
import { basename, join } from 'node:path';
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { bundled, PROBE_ARGS, probeCommand, probeRequests } from '../test/emulator/probe-requests.js';
import { QemuProcess } from '../src/oracle/qemu-process.js';
import { probeFile } from '../src/emulator/recording.js';
import { requestKey } from '../src/emulator/request-key.js';

async function record(arch: string, version: QemuVersion): Promise<void> {
  const binary = findQemu(version, arch);
  if (!binary) throw new Error(`QEMU ${version} (${arch}) not found; run scripts/setup-qemu.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-probe-'));
  try {
    chmodSync(dir, 0o755);
    const path = bundled(binary, dir);
    const command = probeCommand(path);
    const qemu = await QemuProcess.start(command.path, { args: command.args });
    const requests = probeRequests();
    const replies = await qemu.batchLines(requests.map((r) => JSON.stringify(r)), 1);
    await qemu.close();
    const lines = [
      `# QEMU ${binary.version} (${basename(binary.path)}), recorded by scripts/record-probe.ts on ${new Date().toISOString().slice(0, 10)}`,
      `# command line: ${basename(binary.path)} ${PROBE_ARGS.join(' ')}`,
      `# requests: libvirt 11.3's capability probe (a superset); replies as QEMU wrote them, without an id`,
      `greeting ${qemu.greeting.replace(/\r?\n$/, '')}`,
      ...requests.flatMap((r, i) => [`> ${requestKey(r.execute, r.arguments ?? {})}`, `< ${replies[i]}`]),
    ];
    const file = probeFile(arch, `qemu-${version}`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, brotliCompressSync(`${lines.join('\n')}\n`, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    console.log(`${file}: QEMU ${binary.version}, ${requests.length} requests`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const archs = args.filter((a) => !/^\d/.test(a));
const versions = args.filter((a) => /^\d/.test(a)) as QemuVersion[];
for (const arch of archs.length ? archs : ['s390x', 'x86_64']) {
  for (const version of versions.length ? versions : (['7.2', '10.0'] as QemuVersion[])) await record(arch, version);
}
