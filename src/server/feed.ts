/**
 * Input read from a client but not yet given to its session. It is fed in
 * slices of SLICE bytes, so that the output side can stop the feeding as
 * soon as too many replies wait to be taken: one slice of tiny requests
 * yields at most 8 replies (the largest, query-cpu-definitions, is about
 * 60 KB for a 36-byte request). A slice that holds a newline ends after
 * its last one, so that a client sending a request per line gives the
 * session whole requests (which its reader takes by the fast path). Used by
 * the socket connections and by `cpumodel qmp` on stdio.
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
    const size = head.length <= SLICE ? head.length : sliceEnd(head);
    const slice = head.subarray(0, size);
    if (size === head.length) this.chunks.shift();
    else this.chunks[0] = head.subarray(size);
    this.queued -= size;
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

/** After the last newline of the first SLICE bytes, or SLICE when there is none. */
function sliceEnd(chunk: Buffer): number {
  for (let i = SLICE - 1; i >= 0; i--) if (chunk[i] === 0x0a) return i + 1;
  return SLICE;
}
