import { builtinEngine, type ArchEngine as Engine, type QueryRequest as QmpRequest } from '../../src/index.js';
import { modelSpace, objectPropertyRequests, RequestGenerator } from '../s390x.js';
import type { Reply } from '../../src/server/commands.js';
import { cpumodelAnswerer } from '../../src/oracle/answer.js';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { QemuProcess } from '../../src/oracle/qemu-process.js';
import { readRecording } from './recordings.js';

export const PROFILE: Record<QemuVersion, string> = { '7.2': 'qemu-7.2', '10.0': 'qemu-10.0' };
/** The seed of the recorded random requests; live runs add a fresh seed on top. */
export const RECORD_SEED = 20261124;
export const RANDOM_COUNT = 2500;

export interface Case {
  origin: 'space' | 'qom' | 'random' | 'fresh';
  request: QmpRequest;
}

/** The recorded suite: the whole model space plus seeded random requests. */
export function recordedSuite(engine: Engine, seed = RECORD_SEED): Case[] {
  const names = engine.modelNames();
  return [
    ...modelSpace(names).map((request) => ({ origin: 'space' as const, request })),
    ...objectPropertyRequests().map((request) => ({ origin: 'qom' as const, request })),
    ...new RequestGenerator(engine, seed).take(RANDOM_COUNT).map((request) => ({ origin: 'random' as const, request })),
  ];
}

const answerers = new WeakMap<Engine, (request: QmpRequest) => string>();

/** The reply line cpumodel writes, end to end: QMP parser, QAPI checks, engine, writer. */
export function answerLine(engine: Engine, request: QmpRequest): string {
  let answerer = answerers.get(engine);
  if (!answerer) answerers.set(engine, (answerer = cpumodelAnswerer(engine)));
  return answerer(request);
}

export function answer(engine: Engine, request: QmpRequest): Reply {
  return JSON.parse(answerLine(engine, request)) as Reply;
}

export interface Oracle {
  source: string;
  cases: Case[];
  qemu: unknown[];
  /** Live runs: the recorded replies the live binary was checked against. */
  recorded?: unknown[];
  freshSeed?: number;
}

/** Answers from the live binary when there is one; recordings otherwise (or a failure under CI). */
export async function oracle(version: QemuVersion, freshCount = 1000): Promise<Oracle> {
  const engine = builtinEngine(PROFILE[version]);
  const recording = readRecording(version);
  const binary = findQemu(version, 's390x');
  if (!binary) {
    if (requireLive()) throw new Error(`QEMU ${version} is required (CI) but was not found; run scripts/setup-qemu.sh`);
    if (!recording) throw new Error(`QEMU ${version} is not installed and there is no recording`);
    return {
      source: `recording of QEMU ${recording.qemu} (no live binary found)`,
      cases: recording.pairs.map((p) => ({ origin: p.origin, request: p.request })),
      qemu: recording.pairs.map((p) => p.reply),
    };
  }
  const freshSeed = Date.now() % 1_000_000_007;
  const base = recording
    ? recording.pairs.map((p) => ({ origin: p.origin, request: p.request }))
    : recordedSuite(engine);
  const fresh = new RequestGenerator(engine, freshSeed).take(freshCount).map((request) => ({ origin: 'fresh' as const, request }));
  const cases = [...base, ...fresh];
  const qemu = await QemuProcess.start(binary.path);
  try {
    const replies = await qemu.batch(cases.map((c) => c.request));
    return { source: `live QEMU ${binary.version} (${binary.path})`, cases, qemu: replies, recorded: recording?.pairs.map((p) => p.reply), freshSeed };
  } finally {
    await qemu.close();
  }
}
