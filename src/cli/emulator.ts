import { resolve } from 'node:path';
import type { Ctx } from './context.js';
import { usageError } from './errors.js';
import { chooseAccel, parseQemuArgs, type QemuLine } from '../emulator/qemu-args.js';
import { daemonize, readySignal } from '../emulator/daemon.js';

export const help = `usage: cpumodel emulator [--arch ARCH] [--profile P] [--env ENV] [--machine M] [--rules DIR]
                         [--qemu PATH] [--log FILE] -- QEMU-ARGS…
       cpumodel emulator --write-launcher PATH [same options]

Behave as the QEMU binary for the command lines libvirt runs to probe an
emulator and to compare and baseline CPUs:

  -S -no-user-config -nodefaults -nographic -machine none,accel=kvm:tcg
  -qmp unix:PATH,server=on,wait=off -pidfile PATH -daemonize

(also \`-qmp stdio\`). With -daemonize the command exits 0 once the monitor
socket is served and the pid file holds the server's pid; SIGTERM ends the
server as it ends QEMU (exit 0, socket and pid file removed). The CPU-model
commands (query-cpu-definitions, query-cpu-model-expansion, -comparison,
-baseline) are answered from the rules; everything else as that QEMU version
answers it: from its recorded replies shipped in probe/ARCH/, or relayed to a
real QEMU of that version (--qemu PATH). With --env ENV the emulator takes
libvirt's KVM path: query-kvm says enabled, \`host\` is the environment's host
model, and accel=tcg (libvirt's second probe) answers as TCG.

--write-launcher PATH writes an executable launcher with these options baked
in (libvirt clears the environment), serving a snapshot of the rules and the
environment as they are now, so that libvirt's capability cache (keyed by the
emulator's path and ctime) never holds answers from older inputs: write it
again after changing them. It prints the virsh commands to try.

--log FILE appends every request answered as QEMU (not from the rules) and
how: recorded, relayed, not recorded (a GenericError that says so), not a
command (CommandNotFound) — to see what libvirt asks. (--snapshot DIR is how
a launcher names its snapshot.)`;

/** QEMU's name for itself in messages: the binary's name. */
async function progName(ctx: Ctx): Promise<string> {
  const { archOption } = await import('./session.js');
  const { DEFAULT_TARGET, findTarget } = await import('../index.js');
  const arch = archOption(ctx);
  return (arch ? findTarget(arch)! : DEFAULT_TARGET).info.qemuBinary;
}

/** The QEMU command line with its paths made absolute (the emulator may change its working directory). */
function absolute(line: QemuLine): QemuLine {
  const monitor = line.monitor.kind === 'unix' ? { kind: 'unix' as const, path: resolve(line.monitor.path) } : line.monitor;
  return { ...line, monitor, ...(line.pidfile !== undefined ? { pidfile: resolve(line.pidfile) } : {}) };
}

export async function run(ctx: Ctx): Promise<number> {
  if (typeof ctx.options['write-launcher'] === 'string') {
    const { writeLauncher } = await import('./emulator-launcher.js');
    return writeLauncher(ctx, ctx.options['write-launcher']);
  }
  if (ctx.options['write-launcher'] !== undefined) throw usageError('`--write-launcher` needs a path');
  const ready = readySignal();
  const prog = await progName(ctx);
  const parsed = parseQemuArgs(ctx.args, prog);
  if ('error' in parsed) {
    ctx.io.err(`${parsed.error}\n`);
    return 1;
  }
  const line = absolute(parsed);
  if (line.daemonize && !ready) return daemonize(process.argv.slice(1));
  const available = typeof ctx.options.env === 'string' ? ['kvm', 'tcg'] : ['tcg'];
  const { accel, stderr } = chooseAccel(line.accel, available, prog);
  if (!accel) {
    ctx.io.err(stderr);
    return 1;
  }
  const { serveEmulator } = await import('./emulator-serve.js');
  return serveEmulator(ctx, { line, accel, accelStderr: stderr, prog, ready });
}
