/**
 * The two emulators the libvirt tests compare: A, the real QEMU of a version,
 * and B, cpumodel's launcher for the same version (`cpumodel emulator
 * --write-launcher`). `emulatorB` is the one switch: it writes cpumodel's
 * launcher when the `emulator` command exists in this checkout, and
 * otherwise (or with CPUMODEL_LIBVIRT_B=relay) a shell relay to the real QEMU,
 * which proves the harness: A and B then differ only in their path.
 * CPUMODEL_LIBVIRT_CHECKOUT names another checkout whose launcher to test
 * (it must be built: `npm run build`, as scripts/setup.sh does).
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findQemu, type QemuVersion } from '../../src/oracle/binaries.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VERSIONS: QemuVersion[] = ['7.2', '10.0'];
export const PROFILE: Record<QemuVersion, string> = { '7.2': 'qemu-7.2', '10.0': 'qemu-10.0' };
/** The preload library scripts/setup-libvirt.sh builds. */
export const SHIM = join(REPO, '.cache', 'libvirt', 'fake-s390x-host.so');

/** Where scripts/setup-libvirt.sh puts QEMU 10.0 for libvirt: hard-linked next to its own `qemu-bundle/`. */
export function libvirtQemu10Dir(): string {
  return process.env.CPUMODEL_LIBVIRT_QEMU10_DIR ?? join(REPO, '.qemu', '10.0-libvirt');
}

/**
 * The real QEMU libvirt can probe, or null. 7.2 is the Debian binary; 10.0 the
 * unpacked one, which aborts in libvirt's probe unless started from next to a
 * `qemu-bundle/` folder (it would load 7.2's modules from /usr).
 */
export function realQemu(version: QemuVersion, arch = 's390x'): string | null {
  if (version === '7.2') return findQemu('7.2', arch)?.path ?? null;
  const path = join(libvirtQemu10Dir(), `qemu-system-${arch}`);
  return existsSync(path) && existsSync(join(libvirtQemu10Dir(), 'qemu-bundle')) ? path : null;
}

/** The checkout whose `bin/cpumodel.js` writes launcher B. */
function checkout(): string {
  return process.env.CPUMODEL_LIBVIRT_CHECKOUT ?? REPO;
}

export type SideB = 'cpumodel' | 'relay';

/** Which B the tests use: cpumodel's launcher once `cpumodel emulator` exists. */
export function sideB(): SideB {
  const forced = process.env.CPUMODEL_LIBVIRT_B;
  if (forced === 'relay' || forced === 'cpumodel') return forced;
  return existsSync(join(checkout(), 'src', 'cli', 'emulator.ts')) ? 'cpumodel' : 'relay';
}

export interface EmulatorB {
  version: QemuVersion;
  arch: string;
  /** An environment (`--env`): the KVM path. */
  env?: string;
  /** A rules folder (`--rules`) instead of the built-in rules. */
  rules?: string;
  /** The launcher's file name (default: from the options). */
  name?: string;
}

/** Throws unless the checkout's compiled CLI (what the launcher runs) is newer than every source file. */
function assertBuilt(root: string): void {
  const built = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(built)) throw new Error(`${root} is not built: run \`npm run build\` (the launcher runs dist/)`);
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true })
    .reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  if (newest(join(root, 'src')) > statSync(built).mtimeMs) throw new Error(`${root}/dist is older than src/: run \`npm run build\``);
}

/**
 * Writes emulator B into `dir` and returns its path. `owner` is the libvirtd
 * user: cpumodel's launcher is written by that user (as a session-mode user
 * writes their own), a relay is given to it, so that libvirt may run it.
 */
export async function emulatorB(dir: string, b: EmulatorB, owner?: { uid: number; gid: number }): Promise<string> {
  const name = b.name ?? `b-${b.arch}-${b.version}${b.env ? `-${basename(b.env).replace(/\.yaml$/, '')}` : ''}`;
  const path = join(dir, name);
  if (sideB() === 'cpumodel') {
    assertBuilt(checkout());
    const args = ['emulator', '--write-launcher', path, '--arch', b.arch, '--profile', PROFILE[b.version],
      ...(b.env ? ['--env', b.env] : []), ...(b.rules ? ['--rules', b.rules] : [])];
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, [join(checkout(), 'bin', 'cpumodel.js'), ...args],
        { cwd: checkout(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, ...owner },
        (e, _out, stderr) => (e ? reject(Object.assign(new Error(`cpumodel emulator --write-launcher failed: ${stderr}`), { stderr })) : resolve()));
    });
  } else {
    const real = realQemu(b.version, b.arch);
    if (!real) throw new Error(`no QEMU ${b.version} for ${b.arch} to relay to`);
    writeFileSync(path, `#!/bin/sh\nexec ${real} "$@"\n`);
    chmodSync(path, 0o755);
  }
  if (owner && statSync(path).uid !== owner.uid) chownSync(path, owner.uid, owner.gid);
  return path;
}
