/**
 * Runs protocol cases against a live QEMU and against QmpSession, and reads
 * and writes the recorded answers (test/fixtures/qmp-protocol/qemu-<v>.json).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QemuProcess } from '../../src/oracle/qemu-process.js';
import type { QemuVersion } from '../../src/oracle/binaries.js';
import { JsonStreamParser, type JsonObject } from '../../src/qmp/json-parse.js';
import { QmpSession } from '../../src/qmp/session.js';
import { builtinEngine } from '../../src/index.js';
import { qmpCommands } from '../../src/server/qmp-server.js';
import type { QmpCommand } from '../../src/qmp/types.js';
import type { ProtocolCase } from './protocol-cases.js';

export interface CaseAnswer { name: string; input: string; encoding?: 'latin1'; lines: string[] }
export interface Recording { qemu: string; greeting: string; cases: CaseAnswer[] }

const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'qmp-protocol');
export const fixturePath = (version: QemuVersion): string => join(fixtureDir, `qemu-${version}.json`);

/** Event timestamps vary; they are compared as zero. */
export const normalize = (line: string): string =>
  line.replace(/"timestamp": \{"seconds": \d+, "microseconds": \d+\}/, '"timestamp": {"seconds": 0, "microseconds": 0}');

export const inputBytes = (c: ProtocolCase): Buffer => Buffer.from(c.input, c.encoding ?? 'utf8');

/** The session answer: greeting line, then every line for the input. */
export function sessionAnswer(greeting: string, c: ProtocolCase): string[] {
  const session = makeSession(greeting);
  return [session.greeting(), ...session.onInput(inputBytes(c))];
}

/** A session whose greeting equals `greeting`; query commands answer {} once QAPI accepts them. */
export function makeSession(greeting: string): QmpSession {
  const [parsed] = new JsonStreamParser().feed(greeting);
  const qmp = (parsed as { value: JsonObject }).value.get('QMP') as JsonObject;
  const v = qmp.get('version') as JsonObject;
  const triple = v.get('qemu') as JsonObject;
  const version = { qemu: { major: triple.get('major'), minor: triple.get('minor'), micro: triple.get('micro') }, package: v.get('package') };
  // cpumodel's real command table, with QEMU's package string so query-version matches too.
  const profile = Number(triple.get('major')) >= 10 ? 'qemu-10.0' : 'qemu-7.2';
  const commands: QmpCommand[] = qmpCommands(builtinEngine(profile), String(v.get('package')));
  return new QmpSession({
    greeting: { version, capabilities: qmp.get('capabilities') as string[] },
    commands,
    dialect: '7.2',
    clock: () => ({ seconds: 0, microseconds: 0 }),
  });
}

async function recordCase(path: string, c: ProtocolCase, expectLines: number): Promise<string[]> {
  const qemu = await QemuProcess.start(path, { negotiate: false });
  try {
    const lines = await qemu.raw(inputBytes(c), { quietMs: 400, minLines: expectLines });
    return [qemu.greeting, ...lines].map(normalize);
  } finally {
    await qemu.close();
  }
}

/** Runs every case in a fresh QEMU, a few at a time. */
export async function recordLive(path: string, version: string, cases: readonly ProtocolCase[]): Promise<Recording> {
  const first = await QemuProcess.start(path, { negotiate: false });
  const greeting = normalize(first.greeting);
  await first.close();
  const answers: CaseAnswer[] = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const lines = await recordCase(path, c, sessionAnswer(greeting, c).length - 1);
      answers[i] = { name: c.name, input: c.input, ...(c.encoding ? { encoding: c.encoding } : {}), lines };
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { qemu: version, greeting, cases: answers };
}

export function readRecording(version: QemuVersion): Recording | null {
  const path = fixturePath(version);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Recording) : null;
}

/** Writes a recording atomically: a temporary file, then a rename. */
export function writeRecording(version: QemuVersion, recording: Recording): void {
  const path = fixturePath(version);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(recording, null, 2)}\n`);
  renameSync(temp, path);
}
