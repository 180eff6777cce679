import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { builtinEngine } from '../../src/index.js';
import { createQmpSession } from '../../src/server/qmp-server.js';
import { inputBytes, recordLive, sessionAnswer, type Recording } from '../qmp/protocol-run.js';
import { fuzzRuns, fuzzSeed } from './mutate.js';
import { qmpFuzzCases } from './qmp-cases.js';
import { FUZZ_SEED, fuzzFixture, LIVE_CASES } from './qmp-fixture.js';

/**
 * QMP fuzzing. In-process, for both architectures: whatever the bytes, the
 * session never throws, every reply is one line of JSON ending in \r\n, and
 * the output stays bounded. Against QEMU: the first inputs (seed fixed)
 * answered byte for byte as qemu-system-s390x 7.2 and 10.0.2 answer them,
 * live when the binary is present (a fresh seed too), recorded otherwise
 * (test/fixtures/qmp-protocol/fuzz-<version>.json; re-record with
 * `npx tsx scripts/record-qmp-protocol.ts`). CPUMODEL_FUZZ_RUNS scales the
 * in-process part (100000 for a large run).
 */
/**
 * QEMU prints a non-finite number as `inf`, `-inf` or `nan` (an `"id": 1e400`
 * comes back as `"id": inf`; recorded among the protocol cases), so a reply
 * is JSON once those tokens, outside strings, are read as numbers.
 */
const jsonWithInf = (line: string): string => line.replace(/("(?:[^"\\]|\\.)*")|-?\b(?:inf|nan)\b/g, (m, str: string | undefined) => str ?? '0');

const RUNS = fuzzRuns(2000);
const SEED = fuzzSeed(20261202);
/** Fresh-seed inputs against a live QEMU (one QEMU process each): CPUMODEL_FUZZ_RUNS, at most 5000. */
const LIVE_FRESH = Math.min(fuzzRuns(LIVE_CASES), 5000);

describe.each(['s390x', 'x86_64'])('QMP session (%s) under fuzzing, in-process', (arch) => {
  it(`${RUNS} inputs (seed ${SEED}): no throw, one JSON line per reply, bounded output`, () => {
    const engine = builtinEngine('qemu-10.0', { arch });
    const problems: string[] = [];
    let replies = 0;
    for (const c of qmpFuzzCases(SEED, RUNS)) {
      const session = createQmpSession(engine, 'fuzz');
      try {
        const lines = session.onInput(inputBytes(c));
        replies += lines.length;
        const size = lines.reduce((n, l) => n + l.length, 0);
        if (size > 4 << 20) problems.push(`${c.name}: ${size} bytes of output`);
        for (const line of lines) {
          if (!line.endsWith('\r\n') || line.indexOf('\n') !== line.length - 1) problems.push(`${c.name}: reply not one line`);
          else JSON.parse(jsonWithInf(line));
        }
      } catch (e) {
        problems.push(`${c.name}: ${(e as Error).message}`);
      }
    }
    console.log(`[qmp fuzz ${arch}] ${RUNS} inputs, ${replies} replies, ${problems.length} problems`);
    expect(problems.slice(0, 5)).toEqual([]);
  }, 600_000);
});

describe.each(['7.2', '10.0'] as QemuVersion[])('QMP fuzz inputs against QEMU %s (s390x)', (version) => {
  const runs: { label: string; recording: Recording }[] = [];

  beforeAll(async () => {
    const qemu = findQemu(version, 's390x');
    if (qemu) {
      runs.push({ label: `live, seed ${FUZZ_SEED}`, recording: await recordLive(qemu.path, qemu.version, qmpFuzzCases(FUZZ_SEED, LIVE_CASES)) });
      const fresh = Date.now() % 1_000_000;
      runs.push({ label: `live, seed ${fresh}`, recording: await recordLive(qemu.path, qemu.version, qmpFuzzCases(fresh, LIVE_FRESH)) });
    } else if (!requireLive() && existsSync(fuzzFixture(version))) {
      runs.push({ label: `recorded, seed ${FUZZ_SEED}`, recording: JSON.parse(readFileSync(fuzzFixture(version), 'utf8')) as Recording });
    }
  }, 600_000);

  it('answers every input byte for byte as QEMU does', () => {
    expect(runs.length, `QEMU ${version} binary or recording missing`).toBeGreaterThan(0);
    for (const { label, recording } of runs) {
      const differ = recording.cases.filter((c) => JSON.stringify(sessionAnswer(recording.greeting, c)) !== JSON.stringify(c.lines));
      console.log(`[qmp fuzz vs QEMU ${version}] ${label}: ${recording.cases.length} inputs, ${recording.cases.length - differ.length} equal`);
      const clip = (lines: string[]) => lines.map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
      expect(differ.slice(0, 3).map((c) => ({ name: c.name, input: c.input, qemu: clip(c.lines), ours: clip(sessionAnswer(recording.greeting, c)) }))).toEqual([]);
    }
  });
});
