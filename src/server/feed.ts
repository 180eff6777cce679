/**
 * Input read from a client but not yet given to its session. It is fed in
 * slices of SLICE bytes, so that the output side can stop the feeding as
 * soon as too many replies wait to be taken: one slice of tiny requests
 * yields at most 8 replies (the largest, query-cpu-definitions, is about
 * 60 KB for a 36-byte request). Used by the socket connections and by
 * `cpumodel qmp` on stdio.
 */
import type { QmpSession } from '../qmp/session.js';

export const SLICE = 256;

export class SessionFeed {
  private readonly chunks: Buffer[] = [];
  /** Bytes queued, not yet given to the session. */
  private queued = 0;

  constructor(readonly session: QmpSession) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.queued += chunk.length;
  }

  /** The next slice of input, or undefined when all has been fed. */
  next(): Buffer | undefined {
    const head = this.chunks[0];
    if (!head) return undefined;
    const slice = head.subarray(0, SLICE);
    if (slice.length === head.length) this.chunks.shift();
    else this.chunks[0] = head.subarray(SLICE);
    this.queued -= slice.length;
    return slice;
  }

  get empty(): boolean {
    return this.queued === 0;
  }

  /** Input bytes held: queued, plus what the session's reader holds for a request in progress. */
  get heldBytes(): number {
    return this.queued + this.session.heldBytes;
  }
}
