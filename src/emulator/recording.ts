/**
 * A QEMU's recorded answers to libvirt's probe (`probe/<arch>/<profile>.qmp.br`,
 * brotli-compressed text,
 * written by scripts/record-probe.ts from the real binary):
 *
 *   # comment lines
 *   greeting {"QMP": {"version": …, "capabilities": ["oob"]}}
 *   > {"arguments":{…},"execute":"…"}      the request, in canonical form (request-key.ts)
 *   < {"return": …}                        QEMU's reply line, without an id
 *
 * Replies stay text: they are written back byte for byte (QEMU's member
 * order cannot be rebuilt from parsed values), with the client's id added.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { packageRoot } from '../load/load.js';
import { RawJson } from '../qmp/json-write.js';
import type { QmpReply } from '../qmp/types.js';
import { requestKey } from './request-key.js';

export interface ProbeRecording {
  file: string;
  /** The QMP greeting's `version` member, as QEMU wrote it. */
  version: RawJson;
  capabilities: string[];
  /** Request key → reply line. */
  replies: Map<string, string>;
  /** The commands QEMU has (from its recorded `query-commands`). */
  commands: Set<string>;
}

/** Where the recording of an architecture's QEMU of a profile (`qemu-10.0`) is shipped. */
export function probeFile(arch: string, profile: string): string {
  return join(packageRoot(), 'probe', arch, `${profile}.qmp.br`);
}

const GREETING = /^greeting \{"QMP": \{"version": (.*), "capabilities": \[(.*)\]\}\}$/;

export class RecordingError extends Error {}

export function parseRecording(text: string, file: string): ProbeRecording {
  const lines = text.split('\n');
  const replies = new Map<string, string>();
  let greeting: RegExpExecArray | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('greeting ')) greeting = GREETING.exec(line);
    else if (line.startsWith('> ') && lines[i + 1]?.startsWith('< ')) replies.set(line.slice(2), lines[++i]!.slice(2));
    else if (line !== '' && !line.startsWith('#')) throw new RecordingError(`${file}:${i + 1}: unexpected line \`${line.slice(0, 40)}\``);
  }
  if (!greeting) throw new RecordingError(`${file}: no greeting line`);
  const capabilities = greeting[2] === '' ? [] : greeting[2]!.split(', ').map((c) => c.slice(1, -1));
  return { file, version: new RawJson(greeting[1]!), capabilities, replies, commands: commandsOf(replies.get(requestKey('query-commands', undefined))) };
}

function commandsOf(reply: string | undefined): Set<string> {
  return new Set([...(reply ?? '').matchAll(/"name": "([^"]+)"/g)].map((m) => m[1]!));
}

/** The shipped recording of an architecture and profile, or null when none was recorded. */
export function readRecording(arch: string, profile: string): ProbeRecording | null {
  const file = probeFile(arch, profile);
  if (!existsSync(file)) return null;
  return parseRecording(brotliDecompressSync(readFileSync(file)).toString('utf8'), file);
}

/** A recorded reply line as a reply the session writes with the client's id. */
export function recordedReply(line: string): QmpReply {
  if (line.startsWith('{"return": ')) return { return: new RawJson(line.slice(11, -1)) };
  if (line.startsWith('{"error": ')) return { error: new RawJson(line.slice(10, -1)) } as unknown as QmpReply;
  throw new RecordingError(`not a reply: \`${line.slice(0, 40)}\``);
}
