/**
 * libvirt's verdict for guest CPUs on this machine under KVM: `virsh
 * hypervisor-cpu-compare --virttype kvm` through libvirt's embedded QEMU
 * driver (`qemu:///embed`: in the virsh process, every file under one
 * temporary root, no daemon), with QEMU 7.2; the host is the built-in
 * environment `xeon-nested-kvm` (this machine, recorded under KVM). Recorded
 * by scripts/record-libvirt-x86.ts; the test re-runs a few live where the
 * machine is the recorded one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOSTS_DIR, VIRSH } from './libvirt-x86.js';

export const COMPARE_RECORDING = join(HOSTS_DIR, 'libvirt-compare-kvm.json');
export const QEMU_72 = '/usr/bin/qemu-system-x86_64';

/** A guest CPU: a named model, optionally with features disabled (libvirt's names), and its `-cpu` spelling for cpumodel. */
export interface Guest { model: string; disable: string[] }

/** The guests: every named model libvirt and QEMU 7.2 share, and the old ones without SSE3 (which this host lacks). */
export function guests(models: readonly string[]): Guest[] {
  const plain = models.map((model) => ({ model, disable: [] }));
  const noSse3 = ['qemu64', 'kvm64', 'qemu32', 'kvm32', 'core2duo', 'coreduo', 'Conroe', 'Penryn', 'n270', 'Opteron_G1', 'Opteron_G2', 'phenom', 'athlon']
    .filter((m) => models.includes(m)).map((model) => ({ model, disable: ['pni'] }));
  return [...plain, ...noSse3, { model: 'qemu64', disable: ['pni', 'svm'] }, { model: 'Nehalem', disable: ['pni', 'ssse3', 'sse4.1', 'sse4.2', 'popcnt'] }];
}

export const guestXml = (g: Guest) =>
  `<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>${g.model}</model>\n${g.disable.map((f) => `  <feature policy='disable' name='${f}'/>\n`).join('')}</cpu>\n`;

/** libvirt's answer: `identical`, `superset` or `incompatible` with the features it names; or an error. */
export interface CompareAnswer { guest: Guest; verdict: 'identical' | 'superset' | 'incompatible' | 'error'; missing: string[]; message: string }

export interface CompareRecording { libvirt: string; qemu: string; host: string; answers: CompareAnswer[] }

/** A fingerprint of this machine's CPU: its /proc/cpuinfo vendor, family, model, stepping and flags. */
export function hostFingerprint(): string {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8').split('\n\n')[0]! : '';
  const keep = info.split('\n').filter((l) => /^(vendor_id|cpu family|model|stepping|flags)\s*:/.test(l)).join('\n');
  return createHash('sha256').update(keep).digest('hex').slice(0, 16);
}

export function kvmHere(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return existsSync(VIRSH) && existsSync(QEMU_72);
  } catch {
    return false;
  }
}

/** libvirt's embedded driver in one temporary root; `compare` runs virsh, `close` removes the root. */
export function embeddedLibvirt(): { compare: (g: Guest) => CompareAnswer; close: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'cpumodel-embed-'));
  const compare = (guest: Guest): CompareAnswer => {
    const file = join(root, 'guest.xml');
    writeFileSync(file, guestXml(guest));
    const r = spawnSync(VIRSH, ['-c', `qemu:///embed?root=${root}`, 'hypervisor-cpu-compare', '--virttype', 'kvm', '--emulator', QEMU_72, '--arch', 'x86_64', '--machine', 'pc', '--error', file],
      { encoding: 'utf8', timeout: 120_000 });
    const text = `${r.stdout}${r.stderr}`;
    const verdict = /is identical to/.test(text) ? 'identical' : /is a superset of/.test(text) ? 'superset' : /incompatible/.test(text) ? 'incompatible' : 'error';
    const missing = /does not provide required features: (.*)/.exec(text)?.[1]?.trim().split(/,\s*/) ?? [];
    return { guest, verdict, missing, message: verdict === 'error' ? text.trim().split('\n').at(-1)! : '' };
  };
  return { compare, close: () => rmSync(root, { recursive: true, force: true }) };
}

export function readCompareRecording(): CompareRecording {
  return JSON.parse(readFileSync(COMPARE_RECORDING, 'utf8')) as CompareRecording;
}
