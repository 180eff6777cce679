/**
 * libvirt 11.3 on top of cpumodel gives what it gives on top of QEMU: every
 * virsh case (test/libvirt/cases.ts: domcapabilities, hypervisor-cpu-models,
 * -baseline, -compare, errors included) runs through one isolated libvirtd
 * with emulator A, the real QEMU, and emulator B, cpumodel's launcher (see
 * emulators.ts for the switch); stdout, stderr and exit status must be
 * identical with the emulator's path masked, for QEMU 7.2 and 10.0. The live
 * real-QEMU outputs must also still be the recorded ones
 * (scripts/record-libvirt.ts), which machines without libvirt check
 * cpumodel against (recorded.test.ts). Without libvirt the file is skipped,
 * under CI it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { TCG_CASES } from './cases.js';
import { emulatorB, realQemu, sideB, VERSIONS } from './emulators.js';
import { Libvirtd, libvirtMissing, processesUnder, runAs } from './libvirtd.js';
import { readLibvirtRecording } from './recordings.js';
import { installCpuFiles, runCases, warmUp, type CaseResult } from './run.js';

const required = requireLive() || process.env.CPUMODEL_REQUIRE_LIBVIRT === '1';
const missing = libvirtMissing();
/** Cases run at once per emulator; four emulators run together. */
const PARALLEL = 6;

interface Run {
  a: CaseResult[];
  b: CaseResult[];
}

/** A short account of what differs between A's and B's output of one case. */
function difference(a: CaseResult, b: CaseResult): string {
  const parts: string[] = [];
  if (a.status !== b.status) parts.push(`exit ${a.status} vs ${b.status}`);
  for (const stream of ['stdout', 'stderr'] as const) {
    if (a[stream] === b[stream]) continue;
    const la = a[stream].split('\n');
    const lb = b[stream].split('\n');
    const at = la.findIndex((l, i) => l !== lb[i]);
    parts.push(`${stream} line ${at + 1}: qemu ${JSON.stringify(la[at])} / cpumodel ${JSON.stringify(lb[at])}`);
  }
  return `${a.id}: ${parts.join('; ')}`;
}

describe.skipIf(missing !== null && !required)(`virsh through libvirt 11.3: real QEMU vs ${sideB() === 'cpumodel' ? "cpumodel's launcher" : 'a relay to the real QEMU (no `cpumodel emulator` yet)'}`, () => {
  let daemon: Libvirtd | undefined;
  let dir = '';
  const runs = new Map<QemuVersion, Run>();

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    daemon = await Libvirtd.start();
    dir = daemon.dir;
    const cpuDir = installCpuFiles(daemon);
    const started = Date.now();
    await Promise.all(VERSIONS.map(async (version) => {
      const a = realQemu(version);
      if (!a) {
        if (required) throw new Error(`no QEMU ${version} for libvirt (scripts/setup-libvirt.sh)`);
        return;
      }
      const b = emulatorB(daemon!.work, { version, arch: 's390x' }, runAs());
      await Promise.all([warmUp(daemon!, a), warmUp(daemon!, b)]);
      const [ra, rb] = await Promise.all([runCases(daemon!, TCG_CASES, a, cpuDir, PARALLEL), runCases(daemon!, TCG_CASES, b, cpuDir, PARALLEL)]);
      runs.set(version, { a: ra, b: rb });
    }));
    console.log(`[libvirt] ${[...runs.keys()].map((v) => `QEMU ${v}`).join(', ')}: ${TCG_CASES.length} virsh cases each, ` +
      `real QEMU and ${sideB()}, in ${Date.now() - started} ms`);
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  for (const version of VERSIONS) {
    const run = (ctx: { skip: () => void }): Run => {
      const r = runs.get(version);
      if (!r) ctx.skip();
      return r!;
    };

    it(`QEMU ${version}: at least 60 cases, errors among them, and libvirtd survives them all`, (ctx) => {
      const { a, b } = run(ctx);
      expect(a.length).toBeGreaterThanOrEqual(60);
      expect(a.filter((r) => r.status !== 0).length).toBeGreaterThanOrEqual(10);
      expect([...a, ...b].filter((r) => r.crashed).map((r) => r.id)).toEqual([]);
    });

    it(`QEMU ${version}: every case prints the same through both emulators`, (ctx) => {
      const { a, b } = run(ctx);
      const differ = a.map((r, i) => (JSON.stringify(r) === JSON.stringify(b[i]) ? null : difference(r, b[i]!))).filter((d) => d !== null);
      expect(differ).toEqual([]);
    });

    it(`QEMU ${version}: the real QEMU still prints what was recorded`, (ctx) => {
      const { a } = run(ctx);
      const recording = readLibvirtRecording(version);
      expect(recording, 'scripts/record-libvirt.ts').not.toBeNull();
      const recorded = new Map(recording!.cases.map((c) => [c.id, c]));
      const drift = a.filter((r) => {
        const c = recorded.get(r.id);
        return !c || c.stdout !== r.stdout || c.stderr !== r.stderr || c.status !== r.status;
      }).map((r) => r.id);
      expect(drift, 'rerun scripts/record-libvirt.ts if libvirt or QEMU changed').toEqual([]);
    });
  }

  it('stops libvirtd by its pid and leaves no process or folder behind', async (ctx) => {
    if (!daemon) ctx.skip();
    await daemon!.stop();
    expect(processesUnder(dir)).toEqual([]);
    expect(daemon!.alive).toBe(false);
  });
});
