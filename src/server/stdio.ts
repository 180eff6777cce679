/**
 * Serves one QmpSession over a readable/writable pair (e.g. stdin/stdout):
 * writes the greeting, feeds the input to the session in slices, writes its
 * lines, and finishes after `quit` has been answered or at end of input.
 * (QEMU itself keeps running at EOF; a cpumodel server has nothing else to
 * do then.) The output stream is flushed but not ended, so that it may be
 * process.stdout.
 *
 * Backpressure: while more than `maxOutputBytes` of replies wait in the
 * output stream, feeding stops and the input is paused until they have all
 * been flushed; so when nobody reads the output, memory stays at about that
 * bound plus one read of input (one slice's replies may overshoot it).
 * The replies to the slices fed in one go are written with one write.
 */
import type { Readable, Writable } from 'node:stream';
import type { QmpSession } from '../qmp/session.js';
import { SessionFeed } from './feed.js';
import { ReplyLines } from './reply-lines.js';

export const STDIO_MAX_OUTPUT = 1024 * 1024;

export function serveQmp(session: QmpSession, input: Readable, output: Writable, maxOutputBytes = STDIO_MAX_OUTPUT): Promise<void> {
  return new Promise((resolve, reject) => {
    const feed = new SessionFeed(session);
    const replies = new ReplyLines();
    let finished = false;
    let ended = false;
    let waiting = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      input.off('data', onData).off('end', onEnd).off('error', fail);
      input.pause();
      output.write('', () => resolve());
    };
    const fail = (e: unknown): void => {
      finished = true;
      input.off('data', onData).off('end', onEnd).off('error', fail);
      reject(e);
    };
    /** Feeds slices while the replies waiting (written, and gathered for one write) allow. */
    const pump = (): void => {
      if (finished) return;
      do {
        while (!session.closed && output.writableLength + replies.length <= maxOutputBytes) {
          const slice = feed.next();
          if (!slice) break;
          replies.add(session.onInput(slice));
        }
        const bytes = replies.take();
        if (bytes) output.write(bytes);
        if (session.closed) return finish();
        if (output.writableLength > maxOutputBytes) return wait();
      } while (!feed.empty);
      if (ended) return finish();
      input.resume();
    };
    /** Pauses the input until every reply written so far has been flushed (whatever the stream's highWaterMark). */
    const wait = (): void => {
      input.pause();
      if (waiting) return;
      waiting = true;
      output.write('', () => { waiting = false; guarded(pump); });
    };
    const guarded = (step: () => void): void => {
      try {
        step();
      } catch (e) {
        fail(e);
      }
    };
    const onData = (chunk: Buffer | string): void => guarded(() => {
      feed.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      pump();
    });
    const onEnd = (): void => guarded(() => { ended = true; pump(); });
    output.once('error', fail);
    output.write(session.greeting());
    input.on('data', onData).on('end', onEnd).on('error', fail);
  });
}
