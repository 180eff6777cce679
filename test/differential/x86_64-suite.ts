import { orderedText, type Agreement } from '../../src/oracle/agreement.js';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { writeExact } from '../../src/oracle/exact-json.js';
import { liveInputs, type GeneratorInputs } from '../../src/oracle/live-inputs.js';
import { QemuProcess } from '../../src/oracle/qemu-process.js';
import {
  EXCLUDED, modelSpaceRequests, objectPropertyRequests, randomRequests, type OracleRequest,
} from '../../src/target/x86_64/oracle-requests.js';
import { readArchRecording, type ArchCase, type ArchRecording, type Origin } from './arch-recordings.js';

/** The x86_64 differential suite: which requests, and QEMU's answers (live or recorded). */
export const ARCH = 'x86_64';
export const VERSIONS: readonly QemuVersion[] = ['7.2', '10.0'];
export const PROFILE: Record<QemuVersion, string> = { '7.2': 'qemu-7.2', '10.0': 'qemu-10.0' };
/** The seed of the recorded random requests; live runs add a fresh seed on top. */
export const RECORD_SEED = 20261201;
export const RANDOM_COUNT = 3500;
export const FRESH_COUNT = 1000;

/** What QEMU must not be sent (the generator's documented exclusions). */
export const allowed = (key: string, value: unknown): boolean => !EXCLUDED.some(([name, bad]) => name === key && bad(value));

export interface Case {
  origin: Origin | 'fresh';
  request: string;
}

const cases = (origin: Case['origin'], requests: readonly OracleRequest[]): Case[] =>
  requests.map((r) => ({ origin, request: writeExact(r) }));

/** The recorded suite: the model space, the CPU object's property writes, seeded random requests. */
export function recordedSuite(inputs: GeneratorInputs, seed = RECORD_SEED): Case[] {
  return [
    ...cases('space', modelSpaceRequests(inputs)),
    ...cases('qom', objectPropertyRequests(inputs, seed)),
    ...cases('random', randomRequests(inputs, seed, RANDOM_COUNT)),
  ];
}

export interface Oracle {
  source: string;
  qemu: string;
  cases: Case[];
  /** QEMU's reply lines, by case. */
  replies: string[];
  /** Live runs: the recording checked against, if any. */
  recorded?: ArchRecording;
  freshSeed?: number;
}

/** Asks a live binary its generator inputs and every request (plus `extra`). */
export async function askLive(path: string, recorded: ArchRecording | null, freshSeed?: number) {
  const qemu = await QemuProcess.start(path);
  try {
    const inputs = await liveInputs(qemu, allowed);
    const base: Case[] = recorded ? recorded.cases.map((c) => ({ origin: c.origin, request: c.request })) : recordedSuite(inputs);
    const fresh = freshSeed === undefined ? [] : cases('fresh', randomRequests(inputs, freshSeed, FRESH_COUNT));
    const all = [...base, ...fresh];
    return { inputs, cases: all, replies: await qemu.batchLines(all.map((c) => c.request)) };
  } finally {
    await qemu.close();
  }
}

/** Live QEMU when installed (always under CI), else the recording. */
export async function oracle(version: QemuVersion): Promise<Oracle> {
  const recording = readArchRecording(ARCH, version);
  const binary = findQemu(version, ARCH);
  if (!binary) {
    if (requireLive()) throw new Error(`QEMU ${version} (${ARCH}) is required (CI) but was not found; run scripts/setup-qemu.sh`);
    if (!recording) throw new Error(`QEMU ${version} (${ARCH}) is not installed and there is no recording`);
    return {
      source: `recording of QEMU ${recording.qemu} (no live binary found)`, qemu: recording.qemu,
      cases: recording.cases.map((c: ArchCase) => ({ origin: c.origin, request: c.request })),
      replies: recording.cases.map((c) => c.reply),
    };
  }
  const freshSeed = Date.now() % 1_000_000_007;
  const same = recording?.qemu === binary.version ? recording : null;
  const live = await askLive(binary.path, same, freshSeed);
  return { source: `live QEMU ${binary.version} (${binary.path})`, qemu: binary.version, cases: live.cases, replies: live.replies, recorded: same ?? undefined, freshSeed };
}

/** The first mismatches of an agreement, for a failing test's message. */
export function show(a: Agreement, count = 8): string {
  const lines = a.mismatches.slice(0, count).map((m) =>
    `  ${orderedText(m.request)}\n    qemu: ${orderedText(m.qemu).slice(0, 600)}\n    ours: ${orderedText(m.ours).slice(0, 600)}`);
  return `${a.mismatches.length} mismatches of ${a.total}\n${lines.join('\n')}`;
}
