/**
 * `cpumodel emulator` started exactly as libvirt 11.3 starts QEMU
 * (-daemonize, -pidfile, QMP on a unix socket), sent every request of
 * libvirt's probe (the recorded superset), compared reply by reply with the
 * real QEMU of that version (live when installed, its recording otherwise),
 * then ended with SIGTERM to the pid in its pid file: nothing may be left.
 */
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/emulator/recording.js';
import { qmpReply } from '../../src/index.js';
import { toJson } from '../../src/qmp/json-write.js';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { QemuProcess } from '../../src/oracle/qemu-process.js';
import { alive, CLI, emulator, exchange, leftFiles, libvirtArgs, pidOf, processesMentioning, run, tempDirs, terminate } from './harness.js';
import { bundled, PROBE_ARGS, probeCommand } from './probe-requests.js';

const newDir = tempDirs('cpumodel-emu-', afterAll);

/** The real QEMU's greeting and replies to `requests`: live, or recorded when that QEMU is not installed. */
async function reference(arch: string, version: QemuVersion, requests: readonly string[]): Promise<{ live: boolean; greeting: string; replies: string[] }> {
  const binary = findQemu(version, arch);
  const recording = readRecording(arch, `qemu-${version}`)!;
  if (!binary) {
    if (requireLive()) throw new Error(`QEMU ${version} (${arch}) is required`);
    return { live: false, greeting: `{"QMP": {"version": ${recording.version.text}, "capabilities": ["oob"]}}`, replies: requests.map((r) => recording.replies.get(r)!) };
  }
  const dir = newDir();
  chmodSync(dir, 0o755);
  const command = probeCommand(bundled(binary, dir));
  const qemu = await QemuProcess.start(command.path, { args: command.args });
  try {
    return { live: true, greeting: qemu.greeting.replace(/\r?\n$/, ''), replies: await qemu.batchLines(requests, 1) };
  } finally {
    await qemu.close();
  }
}

/** Starts the emulator as libvirt does; checks the daemon's contract; returns its folder and pid. */
async function started(options: readonly string[], accel = 'kvm:tcg'): Promise<{ dir: string; pid: number; stderr: string }> {
  const dir = newDir();
  const parent = await emulator(options, libvirtArgs(dir, accel));
  expect(parent.code, parent.stderr).toBe(0);
  expect(leftFiles(dir)).toEqual(['qmp.monitor', 'qmp.pid']);
  const pid = pidOf(dir);
  expect(alive(pid)).toBe(true);
  return { dir, pid, stderr: parent.stderr };
}

/** SIGTERM to the pid in the pid file: gone within 5 s, socket and pid file removed, no process of the run left. */
async function stopped(dir: string, pid: number): Promise<void> {
  expect(await terminate(pid)).toBeLessThan(5000);
  expect(leftFiles(dir)).toEqual([]);
  expect(processesMentioning(dir)).toEqual([]);
}

const CASES: [string, QemuVersion][] = [['s390x', '7.2'], ['s390x', '10.0'], ['x86_64', '7.2'], ['x86_64', '10.0']];

describe.each(CASES)('cpumodel emulator --arch %s, QEMU %s', (arch, version) => {
  it('daemonizes as QEMU does, answers every probe request as that QEMU, and leaves nothing at SIGTERM', async () => {
    const requests = [...readRecording(arch, `qemu-${version}`)!.replies.keys()];
    const ref = await reference(arch, version, requests);
    const { dir, pid, stderr } = await started(['--arch', arch, '--profile', `qemu-${version}`]);
    const lines = await exchange(join(dir, 'qmp.monitor'), ['{"execute":"qmp_capabilities"}', ...requests]);
    expect(lines[0]).toBe(ref.greeting);
    expect(lines[1]).toBe('{"return": {}}');
    const differ = requests.filter((r, i) => lines[i + 2] !== ref.replies[i]);
    expect(differ).toEqual([]);
    expect(lines.length).toBe(requests.length + 2);
    expect(stderr).toBe(`qemu-system-${arch}: invalid accelerator kvm\nqemu-system-${arch}: falling back to tcg\n`);
    await stopped(dir, pid);
  }, 180_000);
});

describe('cpumodel emulator: the KVM path (--env)', () => {
  it('accel=kvm:tcg: query-kvm enabled, `host` is the environment\'s host model; accel=tcg: TCG', async () => {
    const { builtinRules } = await import('../../src/index.js');
    const env = await builtinRules('s390x').withEnvironment('z16-lpar', 'qemu-10.0');
    if (!('engine' in env)) throw new Error('z16-lpar does not resolve');
    const host = env.engine.expand({ name: 'host' }, 'static');
    expect(host.ok).toBe(true);
    const options = ['--arch', 's390x', '--profile', 'qemu-10.0', '--env', 'z16-lpar'];
    const requests = ['{"execute":"qmp_capabilities"}', '{"execute":"query-kvm"}', '{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"host"}}}'];
    const kvm = await started(options);
    expect(kvm.stderr).toBe('');
    const lines = await exchange(join(kvm.dir, 'qmp.monitor'), requests);
    expect(lines[2]).toBe('{"return": {"enabled": true, "present": true}}');
    expect(lines[3]).toBe(toJson(qmpReply(host, env.engine)));
    expect(host.ok && host.value.model.name).toBe('gen16a-base');
    await stopped(kvm.dir, kvm.pid);
    const tcg = await started(options, 'tcg');
    const tcgLines = await exchange(join(tcg.dir, 'qmp.monitor'), requests);
    expect(tcgLines[2]).toBe('{"return": {"enabled": false, "present": true}}');
    expect(tcgLines[3]).toBe('{"error": {"class": "GenericError", "desc": "The CPU definition \'host\' is unknown."}}');
    await stopped(tcg.dir, tcg.pid);
  }, 180_000);
});

/** Command lines QEMU refuses, and what QEMU 7.2 prints for each; the emulator must refuse them alike and leave nothing. */
const Q = 'qemu-system-s390x';
const REFUSED: { name: string; args: (dir: string) => string[]; stderr: (dir: string) => string }[] = [
  { name: 'an unknown option', args: (dir) => [...libvirtArgs(dir), '-foo'], stderr: () => `${Q}: -foo: invalid option\n` },
  { name: 'an option without its argument', args: (dir) => [...libvirtArgs(dir), '-pidfile'], stderr: () => `${Q}: -pidfile: requires an argument\n` },
  {
    name: 'a pid file that cannot be created',
    args: (dir) => libvirtArgs(dir).map((a) => a.replace(join(dir, 'qmp.pid'), join(dir, 'missing', 'qmp.pid'))),
    stderr: (dir) => `${Q}: cannot create PID file: Could not create '${join(dir, 'missing', 'qmp.pid')}': No such file or directory\n`,
  },
  {
    name: 'a socket that cannot be bound',
    args: (dir) => libvirtArgs(dir).map((a) => a.replace(join(dir, 'qmp.monitor'), join(dir, 'missing', 'qmp.monitor'))),
    stderr: (dir) => `${Q}: -qmp unix:${join(dir, 'missing', 'qmp.monitor')},server=on,wait=off: Failed to bind socket to ${join(dir, 'missing', 'qmp.monitor')}: No such file or directory\n`,
  },
  { name: 'accel=kvm without KVM', args: (dir) => libvirtArgs(dir, 'kvm'), stderr: () => `${Q}: invalid accelerator kvm\n` },
  { name: 'stdio with -daemonize', args: (dir) => libvirtArgs(dir).map((a) => (a.startsWith('unix:') ? 'stdio' : a)), stderr: () => `${Q}: -qmp stdio: cannot use stdio with -daemonize\n` },
];

describe.each(REFUSED)('cpumodel emulator refuses $name as QEMU does', ({ args, stderr }) => {
  it('same stderr (and the live QEMU\'s, when installed), exit 1, no socket, pid file or process left', async () => {
    const dir = newDir();
    const got = await emulator(['--arch', 's390x', '--profile', 'qemu-7.2'], args(dir));
    expect(got.code).toBe(1);
    expect(got.stderr).toBe(stderr(dir));
    expect(leftFiles(dir)).toEqual([]);
    expect(processesMentioning(dir)).toEqual([]);
    const qemu = findQemu('7.2', 's390x');
    if (!qemu) return;
    const real = await run(qemu.path, args(dir));
    expect(real.stderr).toBe(got.stderr);
    expect(real.code).toBe(1);
  }, 120_000);
});

/** The children of a process (from /proc/PID/stat). */
function childrenOf(pid: number): number[] {
  return processesMentioning('').filter((p) => {
    try {
      return Number(readFileSync(`/proc/${p}/stat`, 'latin1').replace(/^.*\) /, '').split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
}

describe('cpumodel emulator --qemu PATH (relay)', () => {
  const qemu = findQemu('7.2', 's390x');
  it.skipIf(!qemu && !requireLive())('relays what is not a CPU-model command to the real QEMU, recorded or not, and ends it at SIGTERM', async () => {
    const requests = ['{"execute":"device-list-properties","arguments":{"typename":"virtio-rng-ccw"}}', '{"execute":"qom-list-properties","arguments":{"typename":"z14-s390x-cpu"}}',
      '{"execute":"query-target"}', '{"execute":"device-list-properties","arguments":{"typename":"no-such-device"}}', '{"execute":"query-cpu-model-baseline","arguments":{"modela":{"name":"z14"},"modelb":{"name":"z13"}}}'];
    const live = await QemuProcess.start(qemu!.path, { args: PROBE_ARGS });
    const expected = await live.batchLines(requests, 1);
    await live.close();
    const { dir, pid } = await started(['--arch', 's390x', '--profile', 'qemu-7.2', '--qemu', qemu!.path]);
    const relayed = childrenOf(pid).filter((p) => readFileSync(`/proc/${p}/cmdline`, 'latin1').startsWith(qemu!.path));
    expect(relayed).toHaveLength(1);
    const lines = await exchange(join(dir, 'qmp.monitor'), ['{"execute":"qmp_capabilities"}', ...requests]);
    expect(lines.slice(2)).toEqual(expected);
    await stopped(dir, pid);
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(relayed[0]!)).toBe(false);
  }, 120_000);
});

describe('cpumodel emulator --log FILE', () => {
  it('names every request answered as QEMU and how; the rules\' answers are not listed', async () => {
    const log = join(newDir(), 'requests.log');
    const { dir, pid } = await started(['--arch', 's390x', '--profile', 'qemu-7.2', '--log', log]);
    await exchange(join(dir, 'qmp.monitor'), ['{"execute":"qmp_capabilities"}', '{"execute":"query-target"}',
      '{"execute":"device-list-properties","arguments":{"typename":"no-such-device"}}', '{"execute":"no-such-command"}', '{"execute":"query-cpu-definitions"}']);
    await stopped(dir, pid);
    expect(readFileSync(log, 'utf8')).toBe([
      'recorded: {"execute":"query-target"}',
      'not recorded: {"arguments":{"typename":"no-such-device"},"execute":"device-list-properties"}',
      'not a command: {"execute":"no-such-command"}', ''].join('\n'));
  }, 120_000);
});

describe('a daemonized emulator whose libvirtd died', () => {
  it('ends itself once it has had no client for a while (60 s; 1.5 s here), leaving nothing', async () => {
    const dir = newDir();
    const env = { ...process.env, CPUMODEL_EMULATOR_ORPHAN_MS: '1500' } as Record<string, string>;
    const parent = await run(process.execPath, [...CLI, 'emulator', '--arch', 's390x', '--profile', 'qemu-7.2', '--', ...libvirtArgs(dir)], 120_000, env);
    expect(parent.code).toBe(0);
    const pid = pidOf(dir);
    await exchange(join(dir, 'qmp.monitor'), ['{"execute":"qmp_capabilities"}']); // a client came and went, no SIGTERM followed
    const deadline = Date.now() + 15_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    expect(leftFiles(dir)).toEqual([]);
    expect(processesMentioning(dir)).toEqual([]);
  }, 120_000);
});

describe.each([['s390x', '7.2'], ['s390x', '10.0']] as [string, QemuVersion][])('libvirt\'s second probe (accel=tcg), %s QEMU %s', (arch, version) => {
  it('query-cpu-definitions as QEMU lists them with accel=tcg (the recorded order, not the rules\' release order)', async () => {
    const request = '{"execute":"query-cpu-definitions"}';
    const args = PROBE_ARGS.map((a) => a.replace('accel=kvm:tcg', 'accel=tcg'));
    const binary = findQemu(version, arch);
    let expected = readRecording(arch, `qemu-${version}`)!.replies.get(request)!;
    if (binary) {
      const qemu = await QemuProcess.start(bundled(binary, newDir()), { args });
      [expected] = await qemu.batchLines([request], 1) as [string];
      await qemu.close();
    }
    const { dir, pid, stderr } = await started(['--arch', arch, '--profile', `qemu-${version}`], 'tcg');
    expect(stderr).toBe('');
    const lines = await exchange(join(dir, 'qmp.monitor'), ['{"execute":"qmp_capabilities"}', request]);
    expect(lines[2]).toBe(expected);
    await stopped(dir, pid);
  }, 120_000);
});
