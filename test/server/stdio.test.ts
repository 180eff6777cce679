import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SLICE } from '../../src/server/feed.js';
import { serveQmp } from '../../src/server/stdio.js';
import { CAPS, lines, newSession, reference, until } from './harness.js';

/** `cpumodel qmp` on stdio respects backpressure: nobody reading stdout means little buffered, not everything answered. */
const DEFINITIONS = '{"execute":"query-cpu-definitions"}\n';
const OVERSHOOT = Math.ceil(SLICE / DEFINITIONS.length) * 62_000; // the replies to one slice of input

/** An output whose writes complete only once released (a reader that does not read). */
class StuckOutput extends Writable {
  readonly chunks: Buffer[] = [];
  private held: Array<() => void> = [];
  private released = false;

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.chunks.push(chunk);
    if (this.released) done();
    else this.held.push(done);
  }

  release(): void {
    this.released = true;
    for (const done of this.held.splice(0)) done();
  }
}

describe('serveQmp backpressure', () => {
  it('stops feeding and pauses its input while more than the bound waits unread; answers everything once read', async () => {
    const input = new PassThrough();
    const output = new StuckOutput();
    const maxOutput = 256 * 1024;
    const text = CAPS + DEFINITIONS.repeat(300); // ~18 MB of replies
    const done = serveQmp(newSession(), input, output, maxOutput);
    input.write(text);
    await until(() => output.writableLength > maxOutput && input.isPaused(), 'output stalled and input paused');
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.writableLength).toBeLessThanOrEqual(maxOutput + OVERSHOOT);
    input.end();
    output.release();
    await done;
    const got = lines(Buffer.concat(output.chunks).toString('latin1'));
    expect(got).toEqual(reference(text));
  });

  it('with an output stream whose highWaterMark is above the bound', async () => {
    const input = new PassThrough();
    const output = new StuckOutput({ highWaterMark: 64 * 1024 * 1024 });
    const done = serveQmp(newSession(), input, output, 100 * 1024);
    input.end(CAPS + DEFINITIONS.repeat(100));
    await until(() => output.writableLength > 100 * 1024, 'output stalled');
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.writableLength).toBeLessThanOrEqual(100 * 1024 + OVERSHOOT);
    output.release();
    await done;
    expect(lines(Buffer.concat(output.chunks).toString('latin1'))).toHaveLength(102);
  });
});
