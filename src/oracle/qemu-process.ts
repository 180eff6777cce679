/**
 * A client for a live QEMU over `-qmp stdio`, for differential tests.
 *
 * QEMU's monitor ends every QMP line with "\r\n". Without the OOB capability
 * QEMU handles one request at a time and answers in order, so `batch()` maps
 * replies to requests by position and skips asynchronous events. QEMU takes
 * its QMP input in tiny reads, so it is the bottleneck: about 2,000-2,500
 * small requests per second whatever the pipelining, minutes for 64 MiB.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export const QEMU_ARGS = ['-machine', 'none', '-nodefaults', '-nographic', '-accel', 'tcg', '-qmp', 'stdio'];

/**
 * The arguments for a paused VM of a real machine type (its CPUs exist, the
 * guest never runs); `dataDir`: the binary's own firmware directory (`-L`).
 */
export function machineArgs(machine: string, dataDir?: string): string[] {
  return [...(dataDir ? ['-L', dataDir] : []), '-machine', machine, '-S', ...QEMU_ARGS.slice(2)];
}

export interface StartOptions {
  /** Send qmp_capabilities after the greeting (default true). */
  negotiate?: boolean;
  /** The command line (default: QEMU_ARGS, an empty `-machine none`). */
  args?: readonly string[];
}

export interface RawOptions {
  /** How long QEMU must stay silent before the answer counts as complete. */
  quietMs?: number;
  /** Wait for at least this many lines first (up to `timeoutMs`). */
  minLines?: number;
  timeoutMs?: number;
}

interface Waiter { ready(): boolean; resolve(): void }

export class QemuProcess {
  private buffer = '';
  private readonly lines: string[] = [];
  private waiter: Waiter | null = null;
  private lastOutput = Date.now();
  private exitCode: number | null | undefined = undefined;
  greeting = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (text: string) => this.onData(text));
    child.stderr.resume();
    child.on('close', (code) => {
      this.exitCode = code;
      this.wake();
    });
    child.stdin.on('error', () => undefined);
  }

  static async start(path: string, options: StartOptions = {}): Promise<QemuProcess> {
    const qemu = new QemuProcess(spawn(path, [...(options.args ?? QEMU_ARGS)], { stdio: 'pipe' }));
    await qemu.waitFor(() => qemu.lines.length >= 1, 30_000);
    qemu.greeting = qemu.lines.shift()!;
    if (options.negotiate ?? true) {
      const [reply] = await qemu.batch([{ execute: 'qmp_capabilities' }]);
      if (!isObject(reply) || !('return' in reply)) throw new Error(`negotiation failed: ${JSON.stringify(reply)}`);
    }
    return qemu;
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  /**
   * Sends `requests` pipelined, `window` at a time, and returns the replies
   * in request order (events are dropped).
   */
  async batch(requests: readonly unknown[], window = 500): Promise<unknown[]> {
    const lines = await this.batchLines(requests.map((r) => JSON.stringify(r)), window);
    return lines.map((line) => JSON.parse(line) as unknown);
  }

  /**
   * Like `batch`, but requests and replies as JSON text (one line each,
   * without the "\r\n"), so that numbers stay exact.
   */
  async batchLines(requests: readonly string[], window = 500): Promise<string[]> {
    const replies: string[] = [];
    for (let start = 0; start < requests.length; start += window) {
      const chunk = requests.slice(start, start + window);
      this.child.stdin.write(chunk.join('\n') + '\n');
      while (replies.length < start + chunk.length) {
        await this.waitFor(() => this.lines.length > 0, 60_000);
        const line = this.lines.shift()!.replace(/\r?\n$/, '');
        if (!(line.includes('"event"') && isEvent(JSON.parse(line)))) replies.push(line);
      }
    }
    return replies;
  }

  /**
   * Writes `input` byte for byte and returns every line QEMU writes until it
   * has been quiet for `quietMs` after at least `minLines` lines (or has
   * exited), each line ending in "\r\n".
   */
  async raw(input: string | Buffer, options: RawOptions = {}): Promise<string[]> {
    const { quietMs = 300, minLines = 0, timeoutMs = 30_000 } = options;
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    if (!this.exited) await new Promise<void>((resolve) => this.child.stdin.write(bytes, () => resolve()));
    this.lastOutput = Math.max(this.lastOutput, Date.now());
    if (minLines > 0) await this.waitFor(() => this.lines.length >= minLines, timeoutMs).catch(() => undefined);
    for (;;) {
      const idle = Date.now() - this.lastOutput;
      if (this.exited || idle >= quietMs) break;
      await sleep(Math.min(quietMs - idle, 50));
    }
    return this.lines.splice(0, this.lines.length);
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.child.stdin.end();
    this.child.kill('SIGKILL');
    await this.waitFor(() => this.exited, 10_000);
  }

  private onData(text: string): void {
    this.lastOutput = Date.now();
    this.buffer += text;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, nl + 1));
      this.buffer = this.buffer.slice(nl + 1);
    }
    this.wake();
  }

  private wake(): void {
    if (this.waiter?.ready()) this.waiter.resolve();
  }

  private waitFor(ready: () => boolean, timeoutMs: number): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error('timed out waiting for QEMU'));
      }, timeoutMs);
      this.waiter = {
        ready: () => ready() || this.exited,
        resolve: () => {
          clearTimeout(timer);
          this.waiter = null;
          if (ready()) resolve();
          else reject(new Error(`QEMU exited (code ${this.exitCode})`));
        },
      };
    });
  }
}

const isEvent = (reply: unknown): boolean => isObject(reply) && 'event' in reply;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
