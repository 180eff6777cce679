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
 * QEMU 10.0 unpacked with `dpkg -x` looks for its modules in the installed
 * 7.2's folder and aborts in `qom-list-types`; a hard link of the binary
 * next to an empty `qemu-bundle/` folder makes it use its own (none).
 *
 * Usage: npx tsx scripts/record-probe.ts [s390x|x86_64 …] [7.2|10.0 …]
 */
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, constants } from 'node:zlib';
import { basename, join } from 'node:path';
import { findQemu, type QemuBinary, type QemuVersion } from '../src/oracle/binaries.js';
import { QemuProcess } from '../src/oracle/qemu-process.js';
import { probeFile } from '../src/emulator/recording.js';
import { requestKey } from '../src/emulator/request-key.js';

/** libvirt 11.3's probe command line, with the monitor on stdio. */
export const PROBE_ARGS = ['-S', '-no-user-config', '-nodefaults', '-nographic', '-machine', 'none,accel=kvm:tcg', '-qmp', 'stdio'];

/** virQEMUCapsDeviceProps: device-list-properties, for each type QEMU has. */
const DEVICES = [
  'virtio-blk-pci', 'virtio-net-pci', 'virtio-scsi-pci', 'virtio-blk-ccw', 'virtio-net-ccw', 'virtio-scsi-ccw',
  'vfio-pci', 'scsi-hd', 'ide-hd', 'PIIX4_PM', 'usb-redir', 'usb-storage', 'kvm-pit', 'VGA', 'vmware-svga', 'qxl',
  'virtio-gpu-pci', 'virtio-gpu-device', 'ICH9-LPC', 'virtio-balloon-pci', 'virtio-balloon-ccw', 'virtio-balloon-device',
  'intel-iommu', 'spapr-pci-host-bridge', 'virtio-gpu-ccw', 'mch', 'nvdimm', 'pcie-root-port', 'usb-host',
  'vhost-user-fs-device', 'virtio-mem-pci', 'virtio-iommu-pci', 'virtio-mem-ccw', 'amd-iommu', 'virtio-sound-pci',
];

/** virQEMUCapsObjectProps and virQEMUCapsMachineProps: qom-list-properties. */
const OBJECTS = ['memory-backend-file', 'memory-backend-memfd', 'max-x86_64-cpu', 'max-arm-cpu', 'pseries-machine', 'virt-machine', 'none-machine'];

type Request = { execute: string; arguments?: Record<string, unknown> };

const cmd = (execute: string, args?: Record<string, unknown>): Request => (args ? { execute, arguments: args } : { execute });

/** The CPU-model requests of the probe (answered from the rules; recorded for the tests). */
function cpuRequests(): Request[] {
  const expand = (type: string, name: string) => cmd('query-cpu-model-expansion', { type, model: { name } });
  const x86 = (type: string) => cmd('query-cpu-model-expansion', { type, model: { name: 'max', props: { migratable: false } } });
  return [cmd('query-cpu-definitions'), expand('static', 'host'), expand('full', 'host'), expand('static', 'max'), expand('full', 'max'), x86('static'), x86('full')];
}

/** Every request of libvirt 11.3's probes (KVM and TCG), in probe order, and the other queries it makes of a monitor. */
export function probeRequests(): Request[] {
  return [
    cmd('query-version'), cmd('query-target'), cmd('query-qmp-schema'), cmd('query-kvm'), cmd('qom-list-types'),
    ...DEVICES.map((typename) => cmd('device-list-properties', { typename })),
    ...OBJECTS.map((typename) => cmd('qom-list-properties', { typename })),
    cmd('query-machines'), cmd('query-tpm-models'), cmd('query-tpm-types'), cmd('query-command-line-options'),
    cmd('query-migrate-capabilities'), cmd('query-gic-capabilities'), cmd('query-sev-capabilities'), cmd('query-sgx-capabilities'),
    cmd('query-commands'), cmd('query-events'), cmd('query-hotpluggable-cpus'), cmd('query-cpus-fast'), cmd('query-status'),
    ...cpuRequests(),
  ];
}

/** A binary QEMU can run with its own (empty) module folder: QEMU 10.0 from `dpkg -x` aborts otherwise. */
function bundled(binary: QemuBinary, dir: string): string {
  if (binary.path.startsWith('/usr/bin/')) return binary.path;
  mkdirSync(join(dir, 'qemu-bundle'));
  const path = join(dir, basename(binary.path));
  try {
    linkSync(binary.path, path);
  } catch {
    copyFileSync(binary.path, path);
  }
  return path;
}

async function record(arch: string, version: QemuVersion): Promise<void> {
  const binary = findQemu(version, arch);
  if (!binary) throw new Error(`QEMU ${version} (${arch}) not found; run scripts/setup-qemu.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-probe-'));
  try {
    const qemu = await QemuProcess.start(bundled(binary, dir), { args: PROBE_ARGS });
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
