/**
 * The QEMU command lines the emulator accepts: the ones libvirt runs to
 * probe a binary and to compare and baseline CPUs,
 *
 *   -S -no-user-config -nodefaults -nographic -machine none,accel=kvm:tcg
 *   -qmp unix:PATH,server=on,wait=off -pidfile PATH -daemonize
 *
 * and `-qmp stdio` (handy by hand). Anything else is refused with QEMU's
 * words where QEMU has them (`PROG: -foo: invalid option`), exit 1.
 */

export type Monitor = { kind: 'unix'; path: string } | { kind: 'stdio' };

export interface QemuLine {
  /** The accelerators asked for, in order (`accel=kvm:tcg`, `-accel`); default tcg. */
  accel: string[];
  monitor: Monitor;
  pidfile?: string;
  daemonize: boolean;
}

/** Options without an argument that change nothing for a `-machine none` monitor. */
const FLAGS = new Set(['S', 'no-user-config', 'nodefaults', 'nographic', 'no-shutdown', 'daemonize']);
/** Options with an argument. */
const VALUED = new Set(['machine', 'M', 'accel', 'qmp', 'pidfile', 'display', 'overcommit']);

/** `-machine none,accel=kvm:tcg` → the accelerators; any other machine type is refused. */
function machineAccel(value: string, prog: string): string[] | string {
  const parts = value.split(',');
  const type = parts[0]!.startsWith('type=') ? parts[0]!.slice(5) : parts[0]!.includes('=') ? 'none' : parts[0]!;
  if (type !== 'none') return `${prog}: -machine ${value}: cpumodel emulator serves \`-machine none\` only, not \`${type}\``;
  return parts.filter((p) => p.startsWith('accel=')).flatMap((p) => p.slice(6).split(':'));
}

/** `unix:PATH,server=on,wait=off` (QEMU's spellings of both flags) or `stdio`. */
function monitorOf(value: string, prog: string): Monitor | string {
  if (value === 'stdio') return { kind: 'stdio' };
  const m = /^unix:([^,]+)((?:,[^,]+)*)$/.exec(value);
  const flags = new Set(m?.[2]?.split(',').filter(Boolean) ?? []);
  const server = ['server', 'server=on'].some((f) => flags.has(f));
  const nowait = ['nowait', 'wait=off'].some((f) => flags.has(f));
  if (m && server && nowait && flags.size === 2) return { kind: 'unix', path: m[1]! };
  return `${prog}: -qmp ${value}: cpumodel emulator serves \`-qmp unix:PATH,server=on,wait=off\` or \`-qmp stdio\` only`;
}

interface Parsed { line: Partial<QemuLine> & { accel: string[] }; error?: string }

function apply(parsed: Parsed, name: string, value: string, prog: string): void {
  const { line } = parsed;
  if (name === 'machine' || name === 'M') {
    const accel = machineAccel(value, prog);
    if (typeof accel === 'string') parsed.error = accel;
    else line.accel.push(...accel);
  } else if (name === 'accel') {
    line.accel.push(value.split(',')[0]!);
  } else if (name === 'qmp') {
    if (line.monitor) parsed.error = `${prog}: -qmp ${value}: cpumodel emulator serves one monitor`;
    const monitor = monitorOf(value, prog);
    if (typeof monitor === 'string') parsed.error = monitor;
    else line.monitor = monitor;
  } else if (name === 'pidfile') {
    line.pidfile = value;
  }
}

/** The command line, or QEMU's error text for it (the first problem, as QEMU stops there). */
export function parseQemuArgs(args: readonly string[], prog: string): QemuLine | { error: string } {
  const parsed: Parsed = { line: { accel: [], daemonize: false } };
  for (let i = 0; i < args.length && !parsed.error; i++) {
    const arg = args[i]!;
    const name = arg.replace(/^--?/, '');
    if (!arg.startsWith('-') || arg === '-' || arg === '--') return { error: `${prog}: ${arg}: cpumodel emulator takes no disk image` };
    if (FLAGS.has(name)) {
      if (name === 'daemonize') parsed.line.daemonize = true;
    } else if (VALUED.has(name)) {
      if (i + 1 >= args.length) return { error: `${prog}: ${arg}: requires an argument` };
      apply(parsed, name, args[++i]!, prog);
    } else {
      return { error: `${prog}: ${arg}: invalid option` };
    }
  }
  if (parsed.error) return { error: parsed.error };
  if (!parsed.line.monitor) return { error: `${prog}: cpumodel emulator needs a QMP monitor: \`-qmp unix:PATH,server=on,wait=off\` or \`-qmp stdio\`` };
  if (parsed.line.daemonize && parsed.line.monitor.kind === 'stdio') return { error: `${prog}: -qmp stdio: cannot use stdio with -daemonize` };
  if (parsed.line.accel.length === 0) parsed.line.accel.push('tcg');
  return parsed.line as QemuLine;
}

/**
 * The accelerator QEMU ends up with and what it prints on the way: each
 * unavailable one is "invalid accelerator NAME" (QEMU's words for one it
 * cannot use), and when a later one is taken, "falling back to NAME".
 */
export function chooseAccel(asked: readonly string[], available: readonly string[], prog: string): { accel?: string; stderr: string } {
  let stderr = '';
  for (const [i, name] of asked.entries()) {
    if (available.includes(name)) {
      if (i > 0) stderr += `${prog}: falling back to ${name}\n`;
      return { accel: name, stderr };
    }
    stderr += `${prog}: invalid accelerator ${name}\n`;
  }
  return { stderr };
}
