/**
 * Recorded virsh outputs with the real QEMU as emulator
 * (test/fixtures/libvirt/s390x-tcg-<version>.json.gz, written by
 * scripts/record-libvirt.ts): what the differential test compares the live
 * real QEMU with, and what machines without libvirt check cpumodel against.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { QemuVersion } from '../../src/oracle/binaries.js';
import { REPO } from './emulators.js';
import type { CaseResult } from './run.js';

export interface LibvirtRecording {
  /** How and from what it was recorded. */
  origin: string;
  libvirt: string;
  qemu: string;
  cases: (CaseResult & { args: string[] })[];
}

export function recordingPath(version: QemuVersion): string {
  return join(REPO, 'test', 'fixtures', 'libvirt', `s390x-tcg-${version}.json.gz`);
}

export function readLibvirtRecording(version: QemuVersion): LibvirtRecording | null {
  const path = recordingPath(version);
  if (!existsSync(path)) return null;
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as LibvirtRecording;
}

export function writeLibvirtRecording(version: QemuVersion, recording: LibvirtRecording): void {
  writeFileSync(recordingPath(version), gzipSync(`${JSON.stringify(recording, null, 1)}\n`, { level: 9 }));
}
