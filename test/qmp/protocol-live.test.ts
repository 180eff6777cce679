/**
 * Differential protocol test: every case's exact output lines from QmpSession
 * must equal QEMU's (event timestamps zeroed). Uses the live binaries when
 * found, the recordings otherwise; with requireLive() a missing binary fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { PROTOCOL_CASES } from './protocol-cases.js';
import { readRecording, recordLive, sessionAnswer, type Recording } from './protocol-run.js';

describe.each(['7.2', '10.0'] as QemuVersion[])('QMP protocol against QEMU %s', (version) => {
  let recording: Recording | null = null;

  beforeAll(async () => {
    const qemu = findQemu(version, 's390x');
    if (qemu) {
      console.log(`QEMU ${version}: live binary ${qemu.path} (${qemu.version})`);
      recording = await recordLive(qemu.path, qemu.version, PROTOCOL_CASES);
    } else if (!requireLive()) {
      recording = readRecording(version);
      console.log(`QEMU ${version}: no binary, using recording of ${recording?.qemu ?? '(none)'}`);
    }
  });

  it('has a source of answers', () => {
    expect(recording, `QEMU ${version} binary missing (CI or CPUMODEL_REQUIRE_QEMU=1)`).not.toBeNull();
  });

  it('recording covers the current cases', () => {
    const byName = new Map(recording?.cases.map((c) => [c.name, c]));
    for (const c of PROTOCOL_CASES) {
      const answer = byName.get(c.name);
      expect(answer, `no answer for '${c.name}': run scripts/record-qmp-protocol.ts`).toBeDefined();
      expect(answer!.input, `'${c.name}' changed since recording`).toBe(c.input);
    }
  });

  it.each(PROTOCOL_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const answer = recording?.cases.find((a) => a.name === c.name);
    if (!recording || !answer) return;
    expect(answer.lines.every((l) => l.endsWith('\r\n'))).toBe(true);
    expect(sessionAnswer(recording.greeting, c)).toEqual(answer.lines);
  });
});
