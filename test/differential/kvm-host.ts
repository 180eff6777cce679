/**
 * The x86_64 KVM oracle: a real host that has /dev/kvm is asked, under
 * `-accel kvm`, for what describes it (its host model with migratable=off
 * and its query-cpu-definitions: the input of `cpumodel host import`), then
 * for the differential requests and realize runs, answered by cpumodel from
 * the imported description. The recording (test/fixtures/kvm-host/) lets a
 * machine without KVM check every answer.
 */
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRules, readEvidence, type ArchEngine } from '../../src/index.js';
import type { QemuBinary, QemuVersion } from '../../src/oracle/binaries.js';
import { writeExact } from '../../src/oracle/exact-json.js';
import { QemuProcess, QEMU_ARGS } from '../../src/oracle/qemu-process.js';
import { realizeAll, type RealizeOutput } from '../../src/oracle/realize.js';
import { x86Oracle, realizeSpecs } from '../../src/target/x86_64/oracle.js';
import { packLines, unpackLines } from './arch-recordings.js';

export const KVM_SEED = 20261202;
const RANDOM = 300;
const REALIZE_RANDOM = 40;
const ARGS = QEMU_ARGS.map((a) => (a === 'tcg' ? 'kvm' : a));
/** Specs whose KVM verdict the tests name: the seed's question and enforce. */
export const KVM_SPECS = ['Westmere,aes=on,enforce=on', 'Skylake-Server,enforce=on', 'Haswell,pni=on,enforce=on', 'EPYC,enforce=on'];

export interface KvmHostRecording {
  qemu: string;
  /** The host, as /proc/cpuinfo names it, and the date. */
  host: string;
  /** `host import` input: requests and QEMU's replies, alternating, as JSON text. */
  transcript: string;
  requests: string[];
  replies: string[];
  realize: RealizeOutput[];
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'kvm-host');
export const kvmHostPath = (version: string) => join(root, `x86_64-${version}.jsonl.br`);

/** /dev/kvm can be opened for reading and writing. */
export function kvmUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The engine of the built-in x86 rules on the host a transcript describes (imported as `cpumodel host import` does). */
export async function engineOf(transcript: string, version: QemuVersion): Promise<ArchEngine> {
  const profile = `qemu-${version}`;
  const rules = builtinRules('x86_64');
  const ev = readEvidence('kvm-host.json', transcript);
  if ('diagnostics' in ev) throw new Error(ev.diagnostics.map((d) => d.message).join('; '));
  const imported = await rules.importHost(ev.evidence, { name: 'kvm-host' }, profile);
  if ('diagnostics' in imported) throw new Error(imported.diagnostics.map((d) => d.message).join('; '));
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-kvm-'));
  try {
    writeFileSync(join(dir, 'kvm-host.yaml'), imported.text);
    const r = await rules.withEnvironment(join(dir, 'kvm-host.yaml'), profile);
    if ('diagnostics' in r) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
    return r.engine;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TRANSCRIPT = [
  { execute: 'query-version' },
  { execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name: 'host', props: { migratable: false } } } },
  // QEMU enables FEAT_8000_0007_EBX only for AMD: asked as AMD, the host model shows what KVM offers there
  { execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name: 'host', props: { migratable: false, vendor: 'AuthenticAMD' } } } },
  { execute: 'query-cpu-definitions' },
];

function hostName(): string {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (k: string) => new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1] ?? '?';
  return `${field('model name')} (${field('vendor_id')} family ${field('cpu family')} model ${field('model')} stepping ${field('stepping')}), ${new Date().toISOString().slice(0, 10)}`;
}

/** Ask a live QEMU under KVM everything the tests check. */
export async function recordKvmHost(binary: QemuBinary, version: QemuVersion): Promise<KvmHostRecording> {
  const qemu = await QemuProcess.start(binary.path, { args: ARGS });
  try {
    const asked = TRANSCRIPT.map((r) => JSON.stringify(r));
    const answers = await qemu.batchLines(asked);
    const transcript = asked.flatMap((r, i) => [r, answers[i]!]).join('\n');
    const engine = await engineOf(transcript, version);
    const requests = x86Oracle.requestSets(engine, KVM_SEED, RANDOM).flatMap(([, set]) => set).map(writeExact);
    const replies = await qemu.batchLines(requests);
    // A VM's TSC frequency meets the host's clock and TSC scaling, which a description does not hold.
    const specs = [...KVM_SPECS, ...realizeSpecs(engine, KVM_SEED, REALIZE_RANDOM)].filter((s) => !s.includes('tsc-freq'));
    const realize = await realizeAll(binary.path, 'pc', specs, 4, 'kvm');
    return { qemu: binary.version, host: hostName(), transcript, requests, replies, realize };
  } finally {
    await qemu.close();
  }
}

export function writeKvmHost(rec: KvmHostRecording): Buffer {
  const head = { qemu: rec.qemu, host: rec.host, transcript: rec.transcript, realize: rec.realize };
  return packLines([JSON.stringify(head), ...rec.requests.map((r, i) => JSON.stringify({ request: r, reply: rec.replies[i] }))]);
}

export function readKvmHost(version: string): KvmHostRecording | null {
  const path = kvmHostPath(version);
  if (!existsSync(path)) return null;
  const [head, ...rows] = unpackLines(path);
  const h = JSON.parse(head!) as Omit<KvmHostRecording, 'requests' | 'replies'>;
  const cases = rows.map((r) => JSON.parse(r) as { request: string; reply: string });
  return { ...h, requests: cases.map((c) => c.request), replies: cases.map((c) => c.reply) };
}
