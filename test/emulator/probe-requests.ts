/**
 * libvirt 11.3's capability probe as requests (a superset: every type its
 * tables name, whether this QEMU has it or not), its command line, and a
 * runnable copy of a QEMU binary; used by scripts/record-probe.ts and by the
 * emulator's tests.
 *
 * Sources: libvirt's src/qemu/qemu_capabilities.c (virQEMUCapsInitQMPMonitor,
 * virQEMUCapsDeviceProps, virQEMUCapsObjectProps, virQEMUCapsMachineProps)
 * and what libvirt 11.3 was seen sending to QEMU 7.2 and 10.0.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { QemuBinary } from '../../src/oracle/binaries.js';

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
const OBJECTS = ['memory-backend-file', 'memory-backend-memfd', 'max-x86_64-cpu', 'max-arm-cpu', 'pseries-machine', 'virt-machine', 'none-machine',
  'generic-pc-machine', 'x86-machine', 'pc-q35-machine', 'pc-i440fx-machine', 's390-ccw-virtio-machine'];

export type Request = { execute: string; arguments?: Record<string, unknown> };

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

/**
 * A binary QEMU runs as installed: QEMU 10.0 unpacked with `dpkg -x` takes
 * its module and data folders from the installed 7.2 (and aborts in
 * `qom-list-types`), unless `qemu-bundle/` next to the binary holds them at
 * their compiled-in paths (`usr/lib/<triplet>/qemu`, `usr/share/qemu`): a
 * hard link of the binary next to such a folder, pointing at 10.0's own.
 */
export function bundled(binary: QemuBinary, dir: string): string {
  if (binary.path.startsWith('/usr/bin/')) return binary.path;
  const usr = dirname(dirname(binary.path));
  const bundle = join(dir, 'qemu-bundle', 'usr');
  for (const triplet of existsSync(join(usr, 'lib')) ? readdirSync(join(usr, 'lib')) : []) {
    const modules = join(usr, 'lib', triplet, 'qemu');
    if (!existsSync(modules)) continue;
    mkdirSync(join(bundle, 'lib', triplet), { recursive: true });
    symlinkSync(modules, join(bundle, 'lib', triplet, 'qemu'));
  }
  if (existsSync(join(usr, 'share', 'qemu'))) {
    mkdirSync(join(bundle, 'share'), { recursive: true });
    symlinkSync(join(usr, 'share', 'qemu'), join(bundle, 'share', 'qemu'));
  }
  const path = join(dir, basename(binary.path));
  try {
    linkSync(binary.path, path);
  } catch {
    copyFileSync(binary.path, path);
  }
  return path;
}

/**
 * The command line that starts a QEMU for the probe as libvirt does: as
 * root, as `nobody` (libvirt runs QEMU as its own user), so that on a machine
 * with /dev/kvm it falls back to TCG as the emulator does without `--env`.
 * setpriv execs QEMU itself, so the process is QEMU's (killing it kills QEMU).
 */
export function probeCommand(path: string): { path: string; args: string[] } {
  if (process.getuid?.() !== 0) return { path, args: PROBE_ARGS };
  return { path: '/usr/bin/setpriv', args: ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', path, ...PROBE_ARGS] };
}
