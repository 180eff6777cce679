/**
 * cpumodel against libvirt's outputs recorded with the real QEMU
 * (test/fixtures/libvirt/s390x-tcg-<version>.json.gz, scripts/record-libvirt.ts),
 * on any machine, libvirt or not: the models hypervisor-cpu-models lists,
 * domcapabilities' usable models and blockers, and every
 * hypervisor-cpu-baseline case whose CPUs reach QEMU, replayed as libvirt's
 * QMP calls over cpumodel's answers (replay.ts): same model and features, or
 * an error where QEMU gave one. The live comparison through libvirt is
 * virsh-differential.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinEngine, type ArchEngine } from '../../src/index.js';
import { answer } from '../differential/suite.js';
import { CPU_DIR, TCG_CASES } from './cases.js';
import { domcapsCustomModels } from './domcaps.js';
import { PROFILE, VERSIONS } from './emulators.js';
import { readLibvirtRecording, type LibvirtRecording } from './recordings.js';
import { cpusOf, printedBaseline, replayBaseline, type CpuModel } from './replay.js';

/** CPU files libvirt refuses itself, or maps in ways (forbid, optional) that are libvirt's, not QEMU's. */
const LIBVIRT_SIDE = /^error-(empty|malformed|no-cpu|no-model|host-model)$|^pair-(forbid|optional)$/;

type Definition = { name: string; 'unavailable-features': string[] };

function definitions(engine: ArchEngine): Definition[] {
  return (answer(engine, { execute: 'query-cpu-definitions' }) as { return: Definition[] }).return;
}

/** The CPUs of a baseline case (its `--model` or its file), or null when the case is libvirt's own business. */
function baselineCpus(args: readonly string[]): CpuModel[] | null {
  if (args[0] !== 'hypervisor-cpu-baseline' || args.includes('kvm')) return null;
  const model = args.indexOf('--model');
  if (model >= 0) return [{ name: args[model + 1]! }];
  const file = /^\{F:(.+)\}$/.exec(args.find((a) => a.startsWith('{F:')) ?? '')?.[1];
  return file && !LIBVIRT_SIDE.test(file) ? cpusOf(join(CPU_DIR, `${file}.xml`)) : null;
}

for (const version of VERSIONS) {
  describe(`cpumodel against libvirt 11.3's recorded outputs with QEMU ${version}`, () => {
    const recording = readLibvirtRecording(version) as LibvirtRecording;
    const engine = builtinEngine(PROFILE[version]);
    const defs = definitions(engine);
    const byId = new Map(recording.cases.map((c) => [c.id, c]));

    it('holds every case of the suite', () => {
      expect(recording.cases.map((c) => c.id)).toEqual(TCG_CASES.map((c) => c.id));
    });

    it('hypervisor-cpu-models lists cpumodel\'s models (--all) and usable models', () => {
      const listed = (id: string) => byId.get(id)!.stdout.split('\n').filter((l) => l !== '').sort();
      expect(listed('hypervisor-cpu-models --all')).toEqual(defs.map((d) => d.name).sort());
      expect(listed('hypervisor-cpu-models')).toEqual(defs.filter((d) => d['unavailable-features'].length === 0).map((d) => d.name).sort());
    });

    it('domcapabilities shows cpumodel\'s usable models and blockers', () => {
      const shown = domcapsCustomModels(byId.get('domcapabilities')!.stdout);
      expect(shown.size).toBe(defs.filter((d) => d.name !== 'host').length);
      for (const d of defs) {
        const m = shown.get(d.name);
        if (!m) continue;
        expect({ name: d.name, usable: m.usable, blockers: [...m.blockers].sort() })
          .toEqual({ name: d.name, usable: d['unavailable-features'].length === 0, blockers: [...d['unavailable-features']].sort() });
      }
    });

    it('every hypervisor-cpu-baseline that reaches QEMU gives cpumodel\'s baseline', () => {
      const names = new Set(defs.map((d) => d.name));
      let checked = 0;
      for (const c of recording.cases) {
        const cpus = baselineCpus(c.args);
        if (!cpus) continue;
        checked++;
        const unknown = cpus.find((cpu) => !names.has(cpu.name));
        if (unknown) {
          // libvirt checks the name against query-cpu-definitions before it asks QEMU.
          expect({ id: c.id, status: c.status, stderr: c.stderr }).toEqual({ id: c.id, status: 1, stderr: `error: invalid argument: CPU model '${unknown.name}' not supported by hypervisor\n` });
          continue;
        }
        const ours = replayBaseline(engine, cpus, c.args.includes('--features'));
        if ('error' in ours) expect({ id: c.id, status: c.status, stderr: c.stderr }).toEqual({ id: c.id, status: 1, stderr: 'error: An error occurred, but the cause is unknown\n' });
        else expect({ id: c.id, printed: printedBaseline(c.stdout) }).toEqual({ id: c.id, printed: ours });
      }
      expect(checked).toBeGreaterThanOrEqual(45);
    });
  });
}
