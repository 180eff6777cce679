/**
 * x86_64 host environments against QEMU under KVM: the host this machine
 * is (live when /dev/kvm is usable, else the recording) imported with
 * `host import`, then every differential request, query-cpu-definitions
 * and the realize runs answered from that description, byte for byte as
 * QEMU answered them under `-accel kvm`.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/index.js';
import { findQemu, type QemuVersion } from '../../src/oracle/binaries.js';
import { lineAnswerer } from '../../src/oracle/answer.js';
import { parseCpuSpec } from '../../src/util/cpu-spec.js';
import { engineOf, KVM_SPECS, kvmUsable, readKvmHost, recordKvmHost, type KvmHostRecording } from '../differential/kvm-host.js';

async function oracle(version: QemuVersion): Promise<{ rec: KvmHostRecording; source: string }> {
  const binary = findQemu(version, 'x86_64');
  if (binary && kvmUsable()) return { rec: await recordKvmHost(binary, version), source: `live QEMU ${binary.version} under KVM` };
  const rec = readKvmHost(version);
  if (!rec) throw new Error(`no KVM here and no recording for QEMU ${version}`);
  return { rec, source: `recording of QEMU ${rec.qemu} under KVM on ${rec.host}` };
}

for (const version of ['7.2', '10.0'] as const) {
  describe(`x86_64 KVM host, QEMU ${version}`, async () => {
    const { rec, source } = await oracle(version);
    const engine = await engineOf(rec.transcript, version);

    it(`answers every request as ${source} (${rec.requests.length})`, () => {
      const answer = lineAnswerer(engine);
      const wrong = rec.requests.flatMap((r, i) => (answer(r).trimEnd() === rec.replies[i] ? [] : [r.slice(0, 160)]));
      expect(wrong.slice(0, 5), `${wrong.length} of ${rec.requests.length} differ`).toEqual([]);
    });

    it('the built-in environment `xeon-nested-kvm` (this recording, edited for both versions) answers every request alike', async () => {
      const builtin = await builtinRules('x86_64').withEnvironment('xeon-nested-kvm', `qemu-${version}`);
      if (!('engine' in builtin)) throw new Error(builtin.diagnostics[0]!.message);
      const answer = lineAnswerer(builtin.engine);
      const recorded = readKvmHost(version)!;
      const wrong = recorded.requests.filter((r, i) => answer(r).trimEnd() !== recorded.replies[i]);
      expect(wrong.slice(0, 5), `${wrong.length} of ${recorded.requests.length} differ`).toEqual([]);
    });

    it('query-cpu-definitions as recorded with the host', () => {
      const recorded = rec.transcript.split('\n').at(-1)!;
      expect(lineAnswerer(engine)('{"execute": "query-cpu-definitions"}').trimEnd()).toBe(recorded);
    });

    it(`starts VMs as QEMU does under KVM (${rec.realize.length} -cpu specs)`, () => {
      const wrong = rec.realize.filter((q) => {
        const spec = parseCpuSpec(q.spec);
        const ours = engine.realize({ name: spec.name, props: spec.props });
        return !ours.ok || JSON.stringify(ours.value.warnings) !== JSON.stringify(q.warnings) || ours.value.error !== q.error;
      });
      expect(wrong.map((q) => q.spec)).toEqual([]);
    });

    it('check-run gives the verdict QEMU gives with enforce=on, with the host as the reason', () => {
      for (const spec of KVM_SPECS) {
        const q = rec.realize.find((r) => r.spec === spec)!;
        const parsed = parseCpuSpec(spec.replace(',enforce=on', ''));
        const verdict = engine.checkRun({ name: parsed.name, props: parsed.props });
        expect(verdict.ok).toBe(true);
        if (!verdict.ok) continue;
        expect(verdict.value.environment).toBe('kvm-host');
        expect(verdict.value.runnable, spec).toBe(q.error === undefined);
        if (!verdict.value.runnable) {
          expect(verdict.value.error).toBe("Host doesn't support requested features");
          expect(verdict.value.reasons?.some((r) => r.label === 'host `kvm-host`' && r.features.length > 0)).toBe(true);
        }
      }
    });
  });
}
