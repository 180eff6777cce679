/**
 * `-daemonize` and the life of the emulator process, as QEMU does it:
 *
 * - The process libvirt starts (the parent) starts the emulator (the child)
 *   in a new session, with no terminal and none of the parent's files, and
 *   exits 0 only once the child serves the monitor socket and has written
 *   the pid file (its own pid); until then the child's stderr is copied to
 *   the parent's, and if the child fails the parent exits with its status
 *   (QEMU's parent waits on a pipe the same way). Node cannot fork, so the
 *   child is a new process of the same command line, told by an
 *   environment variable which file descriptor says "ready".
 * - SIGTERM, SIGINT or SIGHUP: stop serving, remove the socket and the pid
 *   file, exit 0 (QEMU: "terminating on signal 15").
 */
import { spawn } from 'node:child_process';
import { closeSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import type { QmpServer } from '../server/serve.js';

/** The environment variable naming the child's "ready" file descriptor. */
export const READY_FD = 'CPUMODEL_EMULATOR_READY_FD';

/** The last line the child writes on that descriptor once it serves. */
export const READY_MARK = 'cpumodel-emulator: serving';

/**
 * The parent's end of the ready pipe: everything the child printed, then the
 * mark when it serves. The text before the mark is what QEMU prints before it
 * daemonizes (to the parent's stderr either way).
 */
export function readyOutcome(text: string): { ok: boolean; stderr: string } {
  const mark = `${READY_MARK}\n`;
  return text.endsWith(mark) ? { ok: true, stderr: text.slice(0, -mark.length) } : { ok: false, stderr: text };
}

/** Starts the child with the same command line; resolves to the parent's exit status. */
export function daemonize(argv: readonly string[], execArgv: readonly string[] = process.execArgv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...execArgv, ...argv], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      env: { ...process.env, [READY_FD]: '3' },
    });
    let text = '';
    const pipe = child.stdio[3] as NodeJS.ReadableStream;
    pipe.setEncoding('utf8');
    pipe.on('data', (chunk: string) => { text += chunk; });
    pipe.on('end', () => {
      const { ok, stderr } = readyOutcome(text);
      process.stderr.write(stderr);
      if (!ok) return;
      child.unref();
      resolve(0);
    });
    child.on('error', (e) => { process.stderr.write(`${e.message}\n`); resolve(1); });
    child.on('close', (code) => { // after the pipe's end: all its text is in
      if (readyOutcome(text).ok) return;
      if (text === '') process.stderr.write('cpumodel emulator: the emulator ended before serving, without a word (run it without -daemonize to see why)\n');
      resolve(code ? code : 1);
    });
  });
}

/**
 * In the child: until it serves, what it prints on stderr goes down the ready
 * pipe (its own stderr is /dev/null, as a daemonized QEMU's is). The function
 * returned writes the mark and closes the pipe; stderr goes nowhere after.
 */
export function readySignal(): (() => void) | undefined {
  const fd = Number(process.env[READY_FD]);
  if (!Number.isInteger(fd) || fd < 3) return undefined;
  delete process.env[READY_FD];
  const stderr = process.stderr as unknown as { write: (chunk: string | Uint8Array) => boolean };
  stderr.write = (chunk) => {
    try {
      if (typeof chunk === 'string') writeSync(fd, chunk);
      else writeSync(fd, chunk);
    } catch {
      // the parent is gone: nobody reads it
    }
    return true;
  };
  return () => {
    stderr.write(`${READY_MARK}\n`);
    stderr.write = () => true;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  };
}

/** Writes the pid file as QEMU does (the pid and a newline, mode 0600); the error text is QEMU's. */
export function writePidFile(path: string, prog: string): string | undefined {
  try {
    writeFileSync(path, `${process.pid}\n`, { mode: 0o600 });
    return undefined;
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message;
    return `${prog}: cannot create PID file: Could not create '${path}': ${reason}\n`;
  }
}

/** Resolves at the first SIGTERM, SIGINT or SIGHUP. */
export function terminated(): Promise<NodeJS.Signals> {
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, on);
      resolve(signal);
    };
    for (const s of signals) process.on(s, on);
  });
}

/**
 * Resolves once the server has had no client for `ms` (checked each second).
 * A daemonized emulator ends itself then: libvirt always ends it sooner, so
 * this only covers a libvirtd that died meanwhile (libvirt 11.3 crashes on
 * some baselines), which would leave QEMU running.
 */
export function orphaned(server: QmpServer, ms: number): Promise<'orphaned'> {
  return new Promise((resolve) => {
    let idleSince = Date.now();
    const timer = setInterval(() => {
      if (server.clients > 0 || server.waiting > 0) idleSince = Date.now();
      else if (Date.now() - idleSince >= ms) {
        clearInterval(timer);
        resolve('orphaned');
      }
    }, Math.min(1000, ms));
    timer.unref();
  });
}

/** Stops serving (the socket file goes with it) and removes the pid file. */
export async function shutdown(server: QmpServer, pidfile: string | undefined): Promise<void> {
  await server.close();
  if (pidfile === undefined) return;
  try {
    unlinkSync(pidfile);
  } catch {
    // already removed by whoever started us
  }
}
