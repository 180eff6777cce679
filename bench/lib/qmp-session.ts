/** The in-process QMP rows of section 1: request bytes in, reply bytes out, through a QmpSession. */
import type { ArchEngine } from '../../src/target/types.js';
import { createQmpSession } from '../../src/server/qmp-server.js';
import { best, ms, ratio, type Row } from './stats.js';

export const TARGET_US = 8;

/**
 * The requests as bytes through a negotiated QmpSession: parse, QAPI checks,
 * engine, writer, the reply lines. (Not joined into one text: for x86's 10 KB
 * replies that join, a fresh 3 MB string, cost ~4-6 µs per request, more than
 * the writer.)
 */
function sessionRun(e: ArchEngine, input: Buffer, count: number): void {
  const session = createQmpSession(e, 'bench');
  session.onInput('{"execute":"qmp_capabilities"}\n');
  const lines = session.onInput(input);
  let chars = 0;
  for (const line of lines) chars += line.length;
  if (lines.length !== count || chars === 0) throw new Error('lost replies');
}

/** Best of `rounds` runs over the request lines (a short list takes more rounds to warm up). */
export function sessionMs(e: ArchEngine, lines: readonly string[], rounds: number): number {
  const input = Buffer.from(`${lines.join('\n')}\n`);
  return best(() => sessionRun(e, input, lines.length), rounds);
}

export function qmpRow(what: string, sessionMs: number, count: number, qemuMs: number | null, reference: string): Row {
  const perRequest = (sessionMs * 1000) / count;
  return {
    section: '1', what: `${what}, QMP bytes in-process`, cpumodel: `${ms(sessionMs)} (${perRequest.toFixed(1)} µs/request)`, reference,
    ratio: qemuMs ? ratio(qemuMs / sessionMs) : '-', target: `≤ ${TARGET_US} µs/request`, met: perRequest <= TARGET_US,
  };
}
