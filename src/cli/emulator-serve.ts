/**
 * The serving side of `cpumodel emulator`: the engine for the accelerator,
 * QEMU's other answers (recorded or relayed), the monitor (a unix socket
 * served one client at a time, as QEMU's monitor is, or stdio), the pid
 * file, and the end at SIGTERM.
 */
import { appendFileSync, existsSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ArchEngine } from '../index.js';
import type { QemuLine } from '../emulator/qemu-args.js';
import { readRecording } from '../emulator/recording.js';
import { emulatorSession, recordedDefinitionsOrder, type Answers } from '../emulator/session.js';
import { orphaned, shutdown, terminated, writePidFile } from '../emulator/daemon.js';
import { ListenError } from '../server/listen.js';
import { QmpServer } from '../server/serve.js';
import { serveQmp } from '../server/stdio.js';
import type { Ctx } from './context.js';
import { usageError } from './errors.js';
import { environmentEngine, openProfileEngine } from './session.js';
import { snapshotContext } from './emulator-launcher.js';

export interface Serving {
  line: QemuLine;
  accel: string;
  /** What QEMU prints choosing the accelerator ("invalid accelerator kvm", "falling back to tcg"). */
  accelStderr: string;
  prog: string;
  /** Tells the parent of a daemonized emulator that it serves. */
  ready?: () => void;
}

/** How long a daemonized emulator waits without a client before it ends itself (CPUMODEL_EMULATOR_ORPHAN_MS for tests). */
const ORPHAN_MS = Number(process.env.CPUMODEL_EMULATOR_ORPHAN_MS) || 60_000;

/** QEMU's own limits: no idle or request timeout, one client served at a time (others wait). */
const MONITOR_LIMITS = { maxClients: 1, idleMs: 0, requestMs: 0 };

async function engineFor(ctx: Ctx, accel: string): Promise<ArchEngine> {
  const env = ctx.options.env;
  return accel === 'kvm' && typeof env === 'string' ? environmentEngine(ctx, env) : openProfileEngine(ctx);
}

async function answersFor(ctx: Ctx, engine: ArchEngine): Promise<Answers> {
  const recording = readRecording(engine.arch.name, engine.profile.name);
  if (!recording) {
    throw usageError(`no recorded answers of ${engine.arch.qemuBinary} for profile \`${engine.profile.name}\``, 'record them with scripts/record-probe.ts');
  }
  const file = ctx.options.log;
  const log = typeof file === 'string' ? (key: string, how: string) => appendFileSync(file, `${how}: ${key}\n`) : undefined;
  const qemu = ctx.options.qemu;
  if (typeof qemu !== 'string') return { recording, qemu: engine.profile.qemu, log };
  const { startRelay } = await import('./emulator-relay.js');
  return { recording, qemu: engine.profile.qemu, log, relay: await startRelay(qemu, engine.profile.qemu) };
}

/** The C library's text for the errno in a message, as QEMU prints it. */
function errnoText(message: string): string {
  const texts: Record<string, string> = { ENOENT: 'No such file or directory', EACCES: 'Permission denied', EADDRINUSE: 'Address already in use', ENOTDIR: 'Not a directory' };
  const code = Object.keys(texts).find((c) => message.includes(c));
  return code ? texts[code]! : message;
}

/** A bug that escapes ends the emulator with its files removed (exit 1), its text on stderr (the parent's, until ready). */
function onCrash(s: Serving, path: string): void {
  process.once('uncaughtException', (e) => {
    process.stderr.write(`${s.prog}: cpumodel emulator: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    for (const file of [path, s.line.pidfile]) {
      try {
        if (file !== undefined) unlinkSync(file);
      } catch {
        // not created yet, or removed already
      }
    }
    process.exit(1);
  });
}

/** QEMU's order: the pid file, then the monitor, then the accelerator (its messages); then "ready". */
async function serveSocket(ctx: Ctx, s: Serving, server: QmpServer, path: string): Promise<number> {
  const stop = terminated();
  const failed = s.line.pidfile !== undefined ? writePidFile(s.line.pidfile, s.prog) : undefined;
  if (failed) {
    ctx.io.err(failed);
    return 1;
  }
  try {
    await server.listen({ kind: 'unix', path });
  } catch (e) {
    // libuv says EACCES where bind(2) says ENOENT (a missing folder)
    const reason = existsSync(dirname(path)) ? errnoText(e instanceof ListenError ? e.message : String(e)) : 'No such file or directory';
    ctx.io.err(`${s.prog}: -qmp unix:${path},server=on,wait=off: Failed to bind socket to ${path}: ${reason}\n`);
    await shutdown(server, s.line.pidfile);
    return 1;
  }
  onCrash(s, path); // from here on the socket and the pid file are ours
  ctx.io.err(s.accelStderr);
  s.ready?.();
  await (s.line.daemonize ? Promise.race([stop, orphaned(server, ORPHAN_MS)]) : stop);
  await shutdown(server, s.line.pidfile);
  return 0;
}

export async function serveEmulator(ctx0: Ctx, s: Serving): Promise<number> {
  const ctx = snapshotContext(ctx0);
  const engine = await engineFor(ctx, s.accel);
  const answers = await answersFor(ctx, engine);
  const kvmPresent = typeof ctx.options.env === 'string';
  const definitionsOrder = recordedDefinitionsOrder(answers.recording);
  const session = () => emulatorSession({ engine, answers, accel: s.accel, kvmPresent, definitionsOrder });
  if (s.line.monitor.kind === 'stdio') {
    ctx.io.err(s.accelStderr);
    await serveQmp(session(), process.stdin, process.stdout);
    return 0;
  }
  return serveSocket(ctx, s, new QmpServer(session, MONITOR_LIMITS), s.line.monitor.path);
}
