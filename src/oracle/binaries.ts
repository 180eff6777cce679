/**
 * Locates the real QEMUs (7.2 and 10.0 of each architecture's binary) used
 * for differential tests.
 *
 * Search order per binary and version: the env override
 * (CPUMODEL_QEMU_<ARCH>_<VERSION>, e.g. CPUMODEL_QEMU_X86_64_10_0 for
 * qemu-system-x86_64 10.0), then the usual install place (the Debian package
 * for 7.2, `<repo>/.qemu/10.0` from scripts/setup-qemu.sh for 10.0).
 * A candidate counts only if its `--version` names the wanted version.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type QemuVersion = '7.2' | '10.0';
export interface QemuBinary { path: string; version: string }

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function candidates(version: QemuVersion, program: string): string[] {
  const env = process.env[`CPUMODEL_QEMU_${program.replace(/^qemu-system-/, '').toUpperCase()}_${version.replace('.', '_')}`];
  if (env) return [env];
  if (version === '7.2') return [`/usr/bin/${program}`];
  return [join(repoRoot, '.qemu', '10.0', 'usr', 'bin', program)];
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

const cache = new Map<string, QemuBinary | null>();

/** The QEMU of a version for a binary name (`qemu-system-s390x`, `qemu-system-x86_64`). */
export function findQemu(version: QemuVersion, program: string): QemuBinary | null {
  const key = `${program}@${version}`;
  if (cache.has(key)) return cache.get(key)!;
  let found: QemuBinary | null = null;
  for (const path of candidates(version, program)) {
    const full = qemuVersionOf(path);
    if (full !== null && full.startsWith(`${version}.`)) {
      found = { path, version: full };
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
