import { join } from 'node:path';
import { qemuVersionOf, requireLive } from '../../../src/oracle/binaries.js';
import { machineArgs, QemuProcess, QEMU_ARGS } from '../../../src/oracle/qemu-process.js';
import { JsonStreamParser, type JsonValue } from '../../../src/qmp/json-parse.js';
import type { Version } from '../rules.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The x86 binaries: env override, else the Debian 7.2 package and the repo's .qemu/10.0. */
function candidate(version: Version): string {
  const env = process.env[version === '7.2' ? 'CPUMODEL_QEMU_X86_7_2' : 'CPUMODEL_QEMU_X86_10_0'];
  return env ?? (version === '7.2' ? '/usr/bin/qemu-system-x86_64' : join(ROOT, '.qemu', '10.0', 'usr', 'bin', 'qemu-system-x86_64'));
}

/** The binary's path, or null when it is missing (the live tests then skip, unless CI is set). */
export function x86Qemu(version: Version): string | null {
  const path = candidate(version);
  const full = qemuVersionOf(path);
  if (full?.startsWith(`${version}.`)) return path;
  if (requireLive()) throw new Error(`qemu-system-x86_64 ${version} not found at ${path} (CI requires it)`);
  return null;
}

/** One reply: its exact text and its value (objects as Maps, integers as bigint). */
export interface LiveReply {
  text: string;
  value: JsonValue;
}

/** Sends requests to a fresh `-machine none` (or machine) QEMU and returns the replies in order; stops it after. */
export async function askQemu(path: string, requests: readonly string[], machine?: string): Promise<LiveReply[]> {
  const qemu = await QemuProcess.start(path, { args: machine ? machineArgs(machine) : QEMU_ARGS });
  try {
    const replies: LiveReply[] = [];
    const parser = new JsonStreamParser();
    for (let i = 0; i < requests.length; i += 200) {
      const chunk = requests.slice(i, i + 200);
      const lines = await qemu.raw(chunk.join('\n') + '\n', { minLines: chunk.length, quietMs: 20, timeoutMs: 120_000 });
      for (const line of lines) {
        const text = line.replace(/\r?\n$/, '');
        const [event] = parser.feed(text);
        if (!event || !('value' in event)) throw new Error(`unparsable QEMU reply: ${text.slice(0, 200)}`);
        if (event.value instanceof Map && event.value.has('event')) continue;
        replies.push({ text, value: event.value });
      }
    }
    if (replies.length !== requests.length) throw new Error(`${replies.length} replies to ${requests.length} requests`);
    return replies;
  } finally {
    await qemu.close();
  }
}
