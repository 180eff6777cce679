/**
 * An isolated libvirtd for tests: a session-mode daemon (unprivileged, unix
 * sockets only, no TCP) whose config, runtime, cache and home directories all
 * live in one temporary directory. Under root it runs as `nobody` (session
 * mode is what keeps /etc, /run and /var untouched). `virsh()` runs virsh
 * against it; `stop()` ends the daemon by its pid and every process still
 * running from the temporary directory (the emulators libvirt started), then
 * removes the directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LIBVIRTD = '/usr/sbin/libvirtd';
export const VIRSH = '/usr/bin/virsh';
/** The libvirt version the tests were written against. */
export const LIBVIRT_VERSION = '11.3.';
const NOBODY = 65534;

export interface VirshResult {
  stdout: string;
  stderr: string;
  status: number;
}

export interface LibvirtdOptions {
  /** An LD_PRELOAD library for the daemon and everything it starts (the fake-s390x-host shim). */
  preload?: string;
}

/** Why libvirt 11.3 cannot be used here, or null when it can. */
export function libvirtMissing(): string | null {
  for (const [bin, flag] of [[LIBVIRTD, '--version'], [VIRSH, '--version']] as const) {
    if (!existsSync(bin)) return `${bin} is not installed (scripts/setup-libvirt.sh installs libvirt 11.3)`;
    const out = spawnSync(bin, [flag], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
    if (!out.includes(LIBVIRT_VERSION.slice(0, -1))) return `${bin} is not libvirt ${LIBVIRT_VERSION}x (says ${out.trim()})`;
  }
  return null;
}

/** True when the daemon's user could use a real KVM (then QEMU for the host's architecture takes it). */
export function kvmUsable(): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -r /dev/kvm && test -w /dev/kvm'], { ...runAs() }).status === 0;
}

/** The ids the daemon and virsh run as: ours, or nobody's when we are root. */
export function runAs(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : undefined;
}

/** The directory tree of one daemon, owned by the user it runs as. */
function makeTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-libvirtd-'));
  for (const sub of ['home', 'config', 'cache', 'run', 'path', 'work']) mkdirSync(join(dir, sub));
  // Errors, warnings and the capability cache's decisions to a log; enough workers for the tests' parallel virsh calls.
  writeFileSync(join(dir, 'config', 'libvirtd.conf'), [
    'log_filters="1:util.filecache 1:qemu.qemu_capabilities"',
    `log_outputs="1:file:${join(dir, 'libvirtd.log')}"`,
    'max_workers = 40', ''].join('\n'));
  const ids = runAs();
  if (ids) for (const p of ['', 'home', 'config', 'cache', 'run', 'path', 'work', 'config/libvirtd.conf']) chownSync(join(dir, p), ids.uid, ids.gid);
  chmodSync(join(dir, 'run'), 0o700);
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * The PATH folder: every program of /usr/bin and /bin but the QEMUs, which
 * libvirtd would probe at start (seconds each); emulators libvirt starts get
 * this PATH, as on a real host.
 */
function pathFolder(dir: string): string {
  const folder = join(dir, 'path');
  for (const from of ['/usr/bin', '/bin']) {
    if (!existsSync(from)) continue;
    for (const name of readdirSync(from)) {
      if (/^(qemu-|kvm$)/.test(name) || existsSync(join(folder, name))) continue;
      symlinkSync(join(from, name), join(folder, name));
    }
  }
  return folder;
}

/** The whole environment of the daemon and of virsh: nothing inherited. */
function environment(dir: string, preload?: string): Record<string, string> {
  return {
    HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
    XDG_DATA_HOME: join(dir, 'home'),
    PATH: `${pathFolder(dir)}:/usr/sbin:/sbin`,
    LC_ALL: 'C',
    LIBVIRT_AUTOSTART: '0',
    ...(preload ? { LD_PRELOAD: preload } : {}),
  };
}

export class Libvirtd {
  private stopped = false;

  private constructor(readonly dir: string, readonly pid: number, private readonly env: Record<string, string>) {}

  /** The URI virsh connects with: this daemon's own socket, never an autostarted one. */
  get uri(): string {
    return `qemu+unix:///session?socket=${join(this.dir, 'run', 'libvirt', 'libvirt-sock')}`;
  }

  /** A directory the daemon's user may read and write, for emulators and CPU files. */
  get work(): string {
    return join(this.dir, 'work');
  }

  static async start(options: LibvirtdOptions = {}): Promise<Libvirtd> {
    const dir = makeTree();
    const env = environment(dir, options.preload);
    const child = spawn(LIBVIRTD, ['-f', join(dir, 'config', 'libvirtd.conf'), '-p', join(dir, 'run', 'libvirtd.pid')],
      { env, cwd: join(dir, 'home'), stdio: 'ignore', ...runAs() });
    const daemon = new Libvirtd(dir, child.pid!, env);
    child.on('exit', () => { daemon.stopped = true; });
    try {
      await daemon.ready();
    } catch (e) {
      await daemon.stop();
      throw e;
    }
    return daemon;
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.stopped) throw new Error(`libvirtd exited at start; log: ${this.log().slice(-4000)}`);
      const r = await this.virsh(['uri']);
      if (r.status === 0) return;
      if (Date.now() > deadline) throw new Error(`libvirtd did not answer: ${r.stderr}; log: ${this.log().slice(-4000)}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  /** True while the daemon process is running (a crash ends it). */
  get alive(): boolean {
    return !this.stopped && existsSync(`/proc/${this.pid}`);
  }

  /** The daemon's log (errors, warnings, cache decisions). */
  log(): string {
    const file = join(this.dir, 'libvirtd.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '(no log)';
  }

  /**
   * Why libvirt threw away its cached capabilities of `emulator` (it then
   * probes it again on every call, seconds each), or null when it never did.
   */
  cacheDropped(emulator: string): string | null {
    const lines = this.log().split('\n');
    if (!lines.some((l) => l.includes('Outdated cached capabilities') && l.includes(`for '${emulator}'`))) return null;
    const why = lines.filter((l) => l.includes('virQEMUCapsIsValid') && l.includes(emulator)).at(-1);
    return (why ?? 'libvirt found its cached capabilities outdated').replace(/^.*virQEMUCapsIsValid:\d+ : /, '');
  }

  /** Runs `virsh -c URI ARGS…` as the daemon's user; never throws. */
  virsh(args: string[], timeoutMs = 120_000): Promise<VirshResult> {
    return new Promise((resolve) => {
      const child = spawn(VIRSH, ['-c', this.uri, ...args], { env: this.env, cwd: this.work, stdio: ['ignore', 'pipe', 'pipe'], ...runAs() });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, status: code ?? (signal ? 128 : 1) });
      });
    });
  }

  /** Stops the daemon by pid (SIGTERM, then SIGKILL), then its leftovers, then removes the directory. */
  async stop(): Promise<void> {
    await endProcess(this.pid);
    for (const pid of processesUnder(this.dir)) await endProcess(pid);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Sends SIGTERM, waits up to 5 s, then SIGKILL. */
async function endProcess(pid: number): Promise<void> {
  const signal = (s: NodeJS.Signals) => { try { process.kill(pid, s); } catch { /* gone */ } };
  signal('SIGTERM');
  for (let i = 0; i < 50 && running(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (running(pid)) signal('SIGKILL');
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** Processes whose command line names the directory: emulators libvirt left running. */
export function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) found.push(Number(entry));
    } catch { /* gone */ }
  }
  return found;
}
