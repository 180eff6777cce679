/**
 * The one QMP client every throughput run uses, whatever the transport
 * (child stdio or a socket): pipelined requests, `window` in flight,
 * replies counted by position, events skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import type { Readable, Writable } from 'node:stream';

export class LineClient {
  private buffer = '';
  private readonly lines: string[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(input: Readable, private readonly output: Writable, readonly child?: ChildProcess) {
    input.setEncoding('latin1');
    input.on('data', (text: string) => this.onData(text));
    input.on('close', () => { this.closed = true; this.wake?.(); });
    output.on('error', () => undefined);
  }

  /** Spawns a process speaking QMP on stdio. */
  static spawn(command: string, args: readonly string[]): LineClient {
    const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'ignore'] });
    return new LineClient(child.stdout!, child.stdin!, child);
  }

  static connect(path: string): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      socket.once('connect', () => resolve(new LineClient(socket, socket))).once('error', reject);
    });
  }

  private onData(text: string): void {
    this.buffer += text;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, nl + 1));
      this.buffer = this.buffer.slice(nl + 1);
    }
    this.wake?.();
  }

  async next(timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error('no reply in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.wake = () => { clearTimeout(timer); this.wake = null; resolve(); };
      });
    }
    return this.lines.shift()!;
  }

  /** Reads the greeting and negotiates capabilities. */
  async start(): Promise<this> {
    await this.next();
    await this.batch(['{"execute":"qmp_capabilities"}'], 1);
    return this;
  }

  /** Sends the requests (JSON texts), `window` at a time; returns the replies in order. */
  async batch(requests: readonly string[], window: number): Promise<string[]> {
    const replies: string[] = [];
    let sent = 0;
    const send = (n: number) => {
      const chunk = requests.slice(sent, sent + n);
      sent += chunk.length;
      if (chunk.length > 0) this.output.write(`${chunk.join('\n')}\n`);
    };
    send(window);
    while (replies.length < requests.length) {
      const line = await this.next();
      if (line.startsWith('{"timestamp"') || line.startsWith('{"event"')) continue;
      replies.push(line);
      if (sent - replies.length < window / 2) send(window - (sent - replies.length));
    }
    return replies;
  }

  async close(): Promise<void> {
    this.output.end();
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGKILL');
      await new Promise((resolve) => this.child!.once('exit', resolve));
    }
  }
}
