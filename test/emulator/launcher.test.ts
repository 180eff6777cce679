/**
 * `cpumodel emulator --write-launcher`: an executable libvirt can run as its
 * QEMU binary, serving a snapshot of the inputs it was written with, so that
 * libvirt's capability cache (emulator path + ctime, in seconds) never holds
 * answers from older inputs.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, CLI, exchange, leftFiles, libvirtArgs, pidOf, processesMentioning, run, tempDirs, terminate } from './harness.js';

const newDir = tempDirs('cpumodel-launcher-', afterAll);

const HOST = '{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"host"}}}';

/** Runs the launcher as libvirt does, asks for the host model, stops it by its pid file; returns the reply line. */
async function hostModel(launcher: string): Promise<string> {
  const dir = newDir();
  const started = await run(launcher, libvirtArgs(dir));
  expect(started.code, started.stderr).toBe(0);
  expect(started.stderr).toBe(''); // KVM: no "invalid accelerator"
  const pid = pidOf(dir);
  expect(alive(pid)).toBe(true);
  const lines = await exchange(join(dir, 'qmp.monitor'), ['{"execute":"qmp_capabilities"}', HOST]);
  await terminate(pid);
  expect(leftFiles(dir)).toEqual([]);
  return lines[2]!;
}

/** What `cpumodel qmp` itself answers for the host model of an environment file (its reply line). */
function cliHost(env: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, 'qmp', '--arch', 's390x', '--profile', 'qemu-10.0', '--env', env], { stdio: ['pipe', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
    child.on('close', () => resolve(text.split('\r\n')[2]!));
    child.stdin.end(`{"execute":"qmp_capabilities"}\n${HOST}\n`);
  });
}

const write = (launcher: string, env: string) =>
  run(process.execPath, [...CLI, 'emulator', '--write-launcher', launcher, '--arch', 's390x', '--profile', 'qemu-10.0', '--env', env], 120_000);

const snapshots = (dir: string) => readdirSync(dir).filter((n) => n.includes('.snapshot-'));

describe('cpumodel emulator --write-launcher', () => {
  it('writes an executable that serves the inputs as written; editing them changes nothing until it is written again, in a later second', async () => {
    const dir = newDir();
    const env = join(dir, 'host.yaml');
    copyFileSync('models/s390x/environments/z16-lpar.yaml', env);
    const launcher = join(dir, 'qemu-s390x');
    const first = await write(launcher, env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`virsh domcapabilities --emulatorbin ${launcher} --arch s390x --virttype kvm`);
    expect(statSync(launcher).mode & 0o777).toBe(0o755);
    expect(readFileSync(launcher, 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    const before = await hostModel(launcher);
    expect(before).toBe(await cliHost(env));
    const ctime = statSync(launcher).ctimeMs;
    const [oldSnapshot] = snapshots(dir);

    writeFileSync(env, readFileSync(env, 'utf8').replace('cpacf: true', 'cpacf: false'));
    const edited = await cliHost(env);
    expect(edited).not.toBe(before);
    expect(await hostModel(launcher)).toBe(before); // the snapshot, not the edited file

    const second = await write(launcher, env);
    expect(second.code, second.stderr).toBe(0);
    expect(Math.floor(statSync(launcher).ctimeMs / 1000)).toBeGreaterThan(Math.floor(ctime / 1000));
    expect(snapshots(dir)).toHaveLength(1);
    expect(snapshots(dir)[0]).not.toBe(oldSnapshot);
    expect(await hostModel(launcher)).toBe(edited);
  }, 300_000);

  it('the launcher daemonizes as QEMU: its failures are QEMU\'s text and exit 1, leaving nothing; TCG prints the fallback', async () => {
    const dir = newDir();
    const launcher = join(dir, 'qemu-s390x');
    const written = await run(process.execPath, [...CLI, 'emulator', '--write-launcher', launcher, '--arch', 's390x', '--profile', 'qemu-7.2'], 120_000);
    expect(written.code, written.stderr).toBe(0);
    const work = newDir();
    const missing = join(work, 'missing', 'qmp.monitor');
    // libvirt clears the environment (and a test daemon's PATH is empty): the launcher needs none
    const bad = await run(launcher, libvirtArgs(work).map((a) => a.replace(join(work, 'qmp.monitor'), missing)), 120_000, {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`qemu-system-s390x: -qmp unix:${missing},server=on,wait=off: Failed to bind socket to ${missing}: No such file or directory\n`);
    expect(leftFiles(work)).toEqual([]);
    expect(processesMentioning(work)).toEqual([]);
    const good = await run(launcher, libvirtArgs(work), 120_000, { PATH: join(work, 'empty') });
    expect(good.code).toBe(0);
    expect(good.stderr).toBe('qemu-system-s390x: invalid accelerator kvm\nqemu-system-s390x: falling back to tcg\n');
    await terminate(pidOf(work));
    expect(leftFiles(work)).toEqual([]);
    expect(processesMentioning(work)).toEqual([]);
  }, 300_000);

  it('refuses QEMU arguments (libvirt gives them to the launcher)', async () => {
    const dir = newDir();
    const r = await run(process.execPath, [...CLI, 'emulator', '--write-launcher', join(dir, 'x'), '--', '-S']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: `--write-launcher` takes no QEMU arguments');
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});
