/**
 * Test helpers for `cpumodel emulator`: start it (or a real QEMU) with the
 * command line libvirt uses, talk QMP over its socket, stop it by the pid in
 * its pid file as libvirt does, and find what a run left behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';

/** The CLI as the tests run it (TypeScript through tsx). */
export const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

/** libvirt 11.3's command line for probing, comparing and baselining, in `dir`. */
export function libvirtArgs(dir: string, accel = 'kvm:tcg'): string[] {
  return ['-S', '-no-user-config', '-nodefaults', '-nographic', '-machine', `none,accel=${accel}`,
    '-qmp', `unix:${join(dir, 'qmp.monitor')},server=on,wait=off`, '-pidfile', join(dir, 'qmp.pid'), '-daemonize'];
}

export interface Exit { code: number | null; stdout: string; stderr: string; ms: number }

/** Runs a command to its end (a daemonizing one: until the parent exits); stdout and stderr as text. */
export function run(command: string, args: readonly string[], timeoutMs = 120_000, env?: Record<string, string>): Promise<Exit> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} did not end within ${timeoutMs} ms: ${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    // 'exit', not 'close': a daemon's pipes must not matter (QEMU's parent exits, its child keeps none of them)
    child.on('exit', (code) => { clearTimeout(timer); setTimeout(() => resolve({ code, stdout, stderr, ms: performance.now() - started }), 50); });
  });
}

/** `cpumodel emulator OPTIONS -- QEMU-ARGS`. */
export function emulator(options: readonly string[], qemuArgs: readonly string[]): Promise<Exit> {
  return run(process.execPath, [...CLI, 'emulator', ...options, '--', ...qemuArgs]);
}

/** The pid a daemonized QEMU (or emulator) wrote. */
export function pidOf(dir: string): number {
  return Number(readFileSync(join(dir, 'qmp.pid'), 'utf8').trim());
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** libvirt's end of a QEMU it started: SIGTERM to the pid, then wait for it to go (SIGKILL after `ms`). Resolves to the time taken. */
export async function terminate(pid: number, ms = 10_000): Promise<number> {
  const started = performance.now();
  process.kill(pid, 'SIGTERM');
  while (alive(pid)) {
    if (performance.now() - started > ms) {
      process.kill(pid, 'SIGKILL');
      throw new Error(`pid ${pid} still alive ${ms} ms after SIGTERM`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - started;
}

/** Processes whose command line mentions `text` (a test's own temporary folder). */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes(text)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** What is left in a run's folder of the socket and the pid file. */
export const leftFiles = (dir: string): string[] => ['qmp.monitor', 'qmp.pid'].filter((f) => existsSync(join(dir, f)));

/** Sends request lines over the monitor socket, half-closes, and returns every line written back (without "\r\n"). */
export function exchange(path: string, requests: readonly string[], timeoutMs = 60_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const out: Buffer[] = [];
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no end of the answer')); }, timeoutMs);
    socket.on('data', (d: Buffer) => out.push(d));
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(out).toString('latin1').split('\r\n').filter((l) => l !== ''));
    });
    socket.end(requests.map((r) => `${r}\n`).join(''));
  });
}

/**
 * Temporary folders for a test file: `newDir()` makes one; `afterAll` kills
 * any process still mentioning one of them and removes them all.
 */
export function tempDirs(prefix: string, afterAll: (fn: () => void) => void): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
