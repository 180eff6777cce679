/**
 * Runs virsh cases against one libvirtd with one emulator, a few at a time
 * (each emulator start costs libvirt about two seconds of waiting, not of
 * CPU), and returns what virsh printed with the emulator's path and the CPU
 * files' folder masked, so that two emulators' runs compare directly.
 */
import { chownSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { argsOf, CPU_DIR, type VirshCase } from './cases.js';
import { runAs, type Libvirtd, type VirshResult } from './libvirtd.js';

export const EMULATOR_MASK = '<emulator>';
export const FILES_MASK = '<cpu-files>';

export interface CaseResult extends VirshResult {
  id: string;
  /** libvirtd was gone after the case (it crashed). */
  crashed?: true;
}

/** Copies a folder of CPU files (default: the cases') into the daemon's work folder (its user may not read the checkout's). */
export function installCpuFiles(daemon: Libvirtd, from = CPU_DIR): string {
  const dir = join(daemon.work, from.split('/').at(-1)!);
  mkdirSync(dir, { recursive: true });
  const ids = runAs();
  for (const f of readdirSync(from).filter((n) => n.endsWith('.xml'))) {
    copyFileSync(join(from, f), join(dir, f));
    if (ids) chownSync(join(dir, f), ids.uid, ids.gid);
  }
  return dir;
}

export function mask(text: string, emulator: string, cpuDir: string): string {
  return text.split(emulator).join(EMULATOR_MASK).split(cpuDir).join(FILES_MASK);
}

/** Runs every case with `emulator`; results in the cases' order. */
export async function runCases(daemon: Libvirtd, cases: readonly VirshCase[], emulator: string, cpuDir: string, parallel = 8): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const r = await daemon.virsh(argsOf(c, emulator, cpuDir));
      results[i] = {
        id: c.id,
        stdout: mask(r.stdout, emulator, cpuDir),
        stderr: mask(r.stderr, emulator, cpuDir),
        status: r.status,
        ...(daemon.alive ? {} : { crashed: true as const }),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, cases.length) }, worker));
  return results;
}

/**
 * The first domcapabilities of an emulator probes it; doing that once, alone,
 * keeps parallel cases off libvirt's probe lock. A failed probe, or a cache
 * libvirt does not keep (e.g. the emulator said KVM where there is none), is
 * returned as a failure: libvirt would probe again on every later case, so
 * callers stop there.
 */
export async function warmUp(daemon: Libvirtd, emulator: string, arch = 's390x'): Promise<VirshResult> {
  const args = ['domcapabilities', '--emulatorbin', emulator, '--arch', arch, '--virttype', 'qemu'];
  const first = await daemon.virsh(args);
  if (first.status !== 0) return first;
  // A second call must come from libvirt's cache; if libvirt dropped it, every case would probe again.
  await daemon.virsh(args);
  const dropped = daemon.cacheDropped(emulator);
  return dropped ? { stdout: '', stderr: `libvirt does not keep its capabilities of the emulator: ${dropped}`, status: 1 } : first;
}
