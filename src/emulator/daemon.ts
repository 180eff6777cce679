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

/** Starts the child with the same command line; resolves to the parent's exit status. */
export function daemonize(argv: readonly string[], execArgv: readonly string[] = process.execArgv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...execArgv, ...argv], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, [READY_FD]: '3' },
    });
    let ready = false;
    child.stderr!.on('data', (chunk: Buffer) => { if (!ready) process.stderr.write(chunk); });
    const status = child.stdio[3] as NodeJS.ReadableStream;
    status.setEncoding('utf8');
    status.on('data', (text: string) => {
      if (!text.includes('ok') || ready) return;
      ready = true;
      child.stderr!.destroy();
      status.removeAllListeners('data');
      (status as unknown as { destroy(): void }).destroy();
      child.unref();
      resolve(0);
    });
    child.on('error', (e) => { process.stderr.write(`${e.message}\n`); resolve(1); });
    child.on('exit', (code) => { if (!ready) resolve(code ? code : 1); });
  });
}

/** In the child: tells the parent it is ready, once; stderr goes nowhere afterwards (as QEMU's goes to /dev/null). */
export function readySignal(): (() => void) | undefined {
  const fd = Number(process.env[READY_FD]);
  if (!Number.isInteger(fd) || fd < 3) return undefined;
  delete process.env[READY_FD];
  return () => {
    try {
      writeSync(fd, 'ok\n');
      closeSync(fd);
    } catch {
      // the parent is gone: nobody is waiting
    }
    process.stderr.on('error', () => undefined);
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
