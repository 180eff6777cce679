/**
 * Locates the real QEMUs used for differential tests, per architecture and
 * version. The binary is `qemu-system-<arch>`.
 *
 * Search order: the env override (CPUMODEL_QEMU_<ARCH>_7_2 / _10_0, e.g.
 * CPUMODEL_QEMU_X86_64_10_0), then the usual install place (the
 * Debian package in /usr/bin for 7.2, `<repo>/.qemu/10.0` from
 * scripts/setup-qemu.sh for 10.0). A candidate counts only if its
 * `--version` names the wanted version.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type QemuVersion = '7.2' | '10.0';
export interface QemuBinary {
  path: string;
  version: string;
  /** Its own firmware directory, when it is not installed in /usr (pass as `-L`). */
  dataDir?: string;
}


const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The env variable overriding a binary: CPUMODEL_QEMU_X86_64_10_0. */
export function qemuEnvName(version: QemuVersion, arch: string): string {
  return `CPUMODEL_QEMU_${arch.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${version.replace('.', '_')}`;
}

function candidates(version: QemuVersion, arch: string): string[] {
  const env = process.env[qemuEnvName(version, arch)];
  if (env) return [env];
  const binary = `qemu-system-${arch}`;
  if (version === '7.2') return [join('/usr/bin', binary)];
  return [join(repoRoot, '.qemu', '10.0', 'usr', 'bin', binary)];
}

/** The full version ("7.2.22") a binary reports, or null if it does not run. */
export function qemuVersionOf(path: string): string | null {
  if (!existsSync(path)) return null;
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return /QEMU emulator version (\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** `<prefix>/share/qemu` next to `<prefix>/bin/qemu-system-*`, unless the prefix is /usr (QEMU's default). */
function dataDirOf(path: string): string | undefined {
  const prefix = dirname(dirname(path));
  const dir = join(prefix, 'share', 'qemu');
  return prefix !== '/usr' && existsSync(dir) ? dir : undefined;
}

const cache = new Map<string, QemuBinary | null>();

/** The QEMU binary of an architecture (`x86_64`: qemu-system-x86_64) and version, or null. */
export function findQemu(version: QemuVersion, arch: string): QemuBinary | null {
  const key = `${arch}/${version}`;
  if (cache.has(key)) return cache.get(key)!;
  let found: QemuBinary | null = null;
  for (const path of candidates(version, arch)) {
    const full = qemuVersionOf(path);
    if (full !== null && full.startsWith(`${version}.`)) {
      const dataDir = dataDirOf(path);
      found = { path, version: full, ...(dataDir ? { dataDir } : {}) };
      break;
    }
  }
  cache.set(key, found);
  return found;
}

/** True when a missing QEMU must fail the live tests instead of skipping them. */
export function requireLive(): boolean {
  return Boolean(process.env.CI) || process.env.CPUMODEL_REQUIRE_QEMU === '1';
}
