/**
 * libvirt 11.3 on top of cpumodel gives what it gives on top of QEMU: every
 * virsh case (test/libvirt/cases.ts: domcapabilities, hypervisor-cpu-models,
 * -baseline, -compare, errors included) runs through one isolated libvirtd
 * with emulator A, the real QEMU, and emulator B, cpumodel's launcher (see
 * emulators.ts for the switch); stdout, stderr and exit status must be
 * identical with the emulator's path masked, for s390x and x86_64, QEMU 7.2
 * and 10.0. The live s390x real-QEMU outputs must also still be the recorded
 * ones (scripts/record-libvirt.ts), which machines without libvirt check
 * cpumodel against (recorded.test.ts). Without libvirt the file is skipped,
 * under CI it fails. x86_64 is skipped where the daemon's user can open
 * /dev/kvm (the real QEMU would run under KVM, cpumodel answers for TCG).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { CPU_DIR, TCG_CASES, X86_CASES, X86_CPU_DIR, type VirshCase } from './cases.js';
import { emulatorB, realQemu, sideB, VERSIONS } from './emulators.js';
import { kvmUsable, Libvirtd, libvirtMissing, processesUnder, runAs } from './libvirtd.js';
import { readLibvirtRecording } from './recordings.js';
import { installCpuFiles, runCases, warmUp, type CaseResult } from './run.js';

const required = requireLive() || process.env.CPUMODEL_REQUIRE_LIBVIRT === '1';
const missing = libvirtMissing();
/** Cases run at once per emulator; eight emulators run together. */
const PARALLEL = 6;

interface Suite {
  arch: string;
  cases: VirshCase[];
  cpuFiles: string;
  /** The real QEMU's outputs are recorded (not for x86_64: they show the host's CPU). */
  recorded: boolean;
}
const SUITES: Suite[] = [
  { arch: 's390x', cases: TCG_CASES, cpuFiles: CPU_DIR, recorded: true },
  { arch: 'x86_64', cases: X86_CASES, cpuFiles: X86_CPU_DIR, recorded: false },
];
const key = (arch: string, version: QemuVersion) => `${arch} QEMU ${version}`;

interface Run {
  a: CaseResult[];
  /** B's cases, or why libvirt could not probe B (then its cases are not run). */
  b: CaseResult[] | { probe: string };
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
  const runs = new Map<string, Run>();

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    daemon = await Libvirtd.start();
    dir = daemon.dir;
    const started = Date.now();
    const suites = SUITES.filter((s) => s.arch === 's390x' || !kvmUsable());
    await Promise.all(suites.flatMap((suite) => {
      const cpuDir = installCpuFiles(daemon!, suite.cpuFiles);
      return VERSIONS.map(async (version) => {
        const a = realQemu(version, suite.arch);
        if (!a) {
          if (required) throw new Error(`no QEMU ${version} for ${suite.arch} for libvirt (scripts/setup-libvirt.sh)`);
          return;
        }
        const b = await emulatorB(daemon!.work, { version, arch: suite.arch }, runAs());
        const [, probeB] = await Promise.all([warmUp(daemon!, a, suite.arch), warmUp(daemon!, b, suite.arch)]);
        const [ra, rb] = await Promise.all([
          runCases(daemon!, suite.cases, a, cpuDir, PARALLEL),
          probeB.status === 0 ? runCases(daemon!, suite.cases, b, cpuDir, PARALLEL) : { probe: probeB.stderr.split(b).join('<emulator>') },
        ]);
        runs.set(key(suite.arch, version), { a: ra, b: rb });
      });
    }));
    console.log(`[libvirt] ${[...runs.keys()].join(', ')}: ${suites.map((s) => `${s.cases.length} ${s.arch}`).join(' and ')} virsh cases, ` +
      `real QEMU and ${sideB()}, in ${Date.now() - started} ms`);
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  for (const suite of SUITES) {
    for (const version of VERSIONS) {
      const name = key(suite.arch, version);
      const run = (ctx: { skip: () => void }): Run => {
        const r = runs.get(name);
        if (!r) ctx.skip();
        return r!;
      };

      it(`${name}: enough cases, errors among them, and libvirtd survives them all`, (ctx) => {
        const { a, b } = run(ctx);
        expect(a.length).toBeGreaterThanOrEqual(suite.arch === 's390x' ? 60 : 30);
        expect(a.filter((r) => r.status !== 0).length).toBeGreaterThanOrEqual(suite.arch === 's390x' ? 10 : 3);
        expect([...a, ...('probe' in b ? [] : b)].filter((r) => r.crashed).map((r) => r.id)).toEqual([]);
      });

      it(`${name}: every case prints the same through both emulators`, (ctx) => {
        const { a, b } = run(ctx);
        expect('probe' in b ? b.probe : '', 'libvirt could not probe emulator B').toBe('');
        if ('probe' in b) return;
        const differ = a.map((r, i) => (JSON.stringify(r) === JSON.stringify(b[i]) ? null : difference(r, b[i]!))).filter((d) => d !== null);
        expect(differ).toEqual([]);
      });

      if (!suite.recorded) continue;
      it(`${name}: the real QEMU still prints what was recorded`, (ctx) => {
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
  }

  it('stops libvirtd by its pid and leaves no process or folder behind', async (ctx) => {
    if (!daemon) ctx.skip();
    await daemon!.stop();
    expect(processesUnder(dir)).toEqual([]);
    expect(daemon!.alive).toBe(false);
  });
});
