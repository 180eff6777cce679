/**
 * Serves one QmpSession over a readable/writable pair (e.g. stdin/stdout):
 * writes the greeting, feeds every input chunk to the session, writes its
 * lines, and finishes after `quit` has been answered or at end of input.
 * (QEMU itself keeps running at EOF; a cpumodel server has nothing else to
 * do then.) The output stream is flushed but not ended, so that it may be
 * process.stdout.
 */
import type { Readable, Writable } from 'node:stream';
import type { QmpSession } from '../qmp/session.js';

export function serveQmp(session: QmpSession, input: Readable, output: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      input.off('data', onData).off('end', finish).off('error', reject);
      input.pause();
      output.write('', () => resolve());
    };
    const send = (lines: readonly string[]): void => {
      const text = lines.join('');
      if (text && !output.write(text)) {
        input.pause();
        output.once('drain', () => finished || input.resume());
      }
    };
    const onData = (chunk: Buffer | string): void => {
      send(session.onInput(chunk));
      if (session.closed) finish();
    };
    output.once('error', reject);
    send([session.greeting()]);
    input.on('data', onData).on('end', finish).on('error', reject);
  });
}
