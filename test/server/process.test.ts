import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAPS, exchange, LineReader, lines, open, reference, type Target } from './harness.js';

/** `cpumodel serve` as a child process: its options, and SIGTERM and SIGINT drain, remove the socket and exit 0. */
let dir: string;
let child: ChildProcess | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cpumodel-drain-')); });
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Served { unix: Target; tcp: Target; exit: Promise<{ code: number | null; stderr: string }> }

/** Starts the CLI and waits until both addresses listen. */
function serve(path: string, options: readonly string[] = []): Promise<Served> {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--qmp', `unix:${path}`, '--qmp', 'tcp:127.0.0.1:0', ...options];
  child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child!.once('exit', (code) => resolve({ code, stderr })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 60_000);
    child!.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const port = /listening on tcp:127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve({ unix: { path }, tcp: { port: Number(port), host: '127.0.0.1' }, exit });
    });
  });
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);
}

describe('cpumodel serve options', () => {
  it('--profile, --env and --machine answer as `cpumodel qmp` with the same options', async () => {
    const options = ['--profile', 'qemu-7.2', '--env', 'z15-lpar', '--machine', 's390-ccw-virtio-6.2'];
    const input = CAPS + ['host', 'max', 'z14', 'qemu'].map((name) => `{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"${name}"}}}\n`).join('')
      + '{"execute":"query-cpu-definitions"}\n{"execute":"query-version"}\n';
    const served = await serve(join(dir, 'qmp.sock'), options);
    const got = await exchange(served.tcp, input);
    const stdio = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'qmp', ...options], { input, encoding: 'latin1', timeout: 60_000 });
    expect(lines(got)).toEqual(lines(stdio.stdout));
    expect(got).toMatch(/"package": "cpumodel [^ ]+ \(qemu-7\.2 rules\)"/);
    expect(got).toContain('{"return": {"model": {"name": "gen15a-base"');
    child!.kill('SIGTERM');
    expect((await within(served.exit, 15_000)).code).toBe(0);
  });
});

describe('cpumodel serve shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: open connections are closed, the socket file removed, exit 0`, async () => {
      const path = join(dir, 'qmp.sock');
      const served = await serve(path);
      expect(existsSync(path)).toBe(true);
      const idle = open(served.tcp);
      const busy = open(served.unix);
      const [idleLines, busyLines] = [new LineReader(idle), new LineReader(busy)];
      busy.write(CAPS);
      expect([await busyLines.next(), await busyLines.next()]).toEqual(reference(CAPS));
      expect(await idleLines.next()).toBe(reference('')[0]);
      child!.kill(signal);
      expect(await within(busyLines.next(), 10_000)).toBeNull();
      expect(await within(idleLines.next(), 10_000)).toBeNull();
      const { code, stderr } = await within(served.exit, 15_000);
      expect(code).toBe(0);
      expect(stderr).toContain(`${signal}: draining 2 connection(s)`);
      expect(existsSync(path)).toBe(false);
    });
  }

  it('SIGTERM: replies already due are delivered to a client that reads late', async () => {
    const path = join(dir, 'qmp.sock');
    const served = await serve(path);
    const input = CAPS + '{"execute":"query-cpu-definitions"}\n'.repeat(100);
    const late = open(served.unix);
    late.pause();
    const got: Buffer[] = [];
    late.write(input);
    await new Promise((resolve) => setTimeout(resolve, 500));
    child!.kill('SIGTERM');
    late.on('data', (d: Buffer) => got.push(d));
    await within(new Promise((resolve) => late.once('close', resolve).resume()), 15_000);
    const received = lines(Buffer.concat(got).toString('latin1'));
    const expected = reference(input);
    // The server answered every request it had read; all it sent are whole lines of the right answers.
    expect(received.length).toBeGreaterThan(2);
    expect(received).toEqual(expected.slice(0, received.length));
    expect((await within(served.exit, 15_000)).code).toBe(0);
    expect(existsSync(path)).toBe(false);
  });
});
