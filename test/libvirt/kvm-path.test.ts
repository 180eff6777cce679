/**
 * libvirt's KVM path with described hosts: an isolated libvirtd with the
 * fake-s390x-host shim (uname says s390x, /dev/kvm is /dev/null) and
 * cpumodel's launcher with `--env ENV` as the emulator. What virsh shows for
 * `--virttype kvm` must be what cpumodel says for that environment:
 * domcapabilities' host-model is `cpumodel host ENV --format libvirt` (with
 * `--disable-deprecated-features`: the deprecated-props disabled), its custom
 * models' usability and blockers are `cpumodel definitions --env ENV`, and
 * hypervisor-cpu-compare's verdict is `cpumodel compare host FILE --env ENV`
 * mapped as libvirt maps s390x results; hypervisor-cpu-models lists the
 * environment's usable models, and hypervisor-cpu-baseline gives libvirt's
 * QMP calls replayed over cpumodel under that environment (replay.ts). For a
 * real z16 (the host of libvirt's tests/domaincapsdata/qemu_10.0.0.s390x.xml,
 * described in test/fixtures/libvirt-hosts/envs/caps-10.0.0.yaml) the `<cpu>`
 * section libvirt prints is the one libvirt's own test data expects. An impossible environment (KVM in a
 * z/VM guest) is refused by both. Needs libvirt, the shim and `cpumodel
 * emulator`; skipped without them, under CI it fails when libvirt or the
 * shim is missing.
 */
import { chownSync, copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { builtinRules } from '../../src/index.js';
import { cli } from '../cli/run.js';
import { CPU_DIR } from './cases.js';
import { compareVerdict, cpuXmlModel, domcapsCustomModels, domcapsHostModel, libvirtVerdict, type HostModel } from './domcaps.js';
import { emulatorB, PROFILE, REPO, SHIM, sideB } from './emulators.js';
import { Libvirtd, libvirtMissing, processesUnder, runAs, type VirshResult } from './libvirtd.js';
import { cpusOf, printedBaseline, replayBaseline } from './replay.js';
import { installCpuFiles } from './run.js';

const KVM_CPU_DIR = join(REPO, 'test', 'fixtures', 'libvirt', 'cpu-kvm');
const KVM_FILES = readdirSync(KVM_CPU_DIR).filter((f) => f.endsWith('.xml')).sort();
const HOSTS: { env: string; version: QemuVersion }[] = [
  { env: 'z16-lpar', version: '10.0' },
  { env: 'z15-lpar-no-cpacf', version: '10.0' },
  { env: 'z16-lpar', version: '7.2' },
];
/** A real z16: its environment, and libvirt's expected domcapabilities (an excerpt, see its README). */
const REAL_Z16 = {
  env: join(REPO, 'test', 'fixtures', 'libvirt-hosts', 'envs', 'caps-10.0.0.yaml'),
  domcaps: join(REPO, 'test', 'fixtures', 'host-import', 'qemu_10.0.0.s390x.domcaps.xml'),
};
/** KVM in a z/VM guest: impossible by the rules' own facts. */
const IMPOSSIBLE = { env: 'z16-zvm', version: '10.0' as QemuVersion };

const required = requireLive() || process.env.CPUMODEL_REQUIRE_LIBVIRT === '1';
const missing = libvirtMissing() ?? (existsSync(SHIM) ? null : `${SHIM} is not built (scripts/setup-libvirt.sh)`);
/** Without `cpumodel emulator` in the checkout there is nothing to take the KVM path with. */
const noEmulator = sideB() !== 'cpumodel';

interface HostRun {
  domcaps: VirshResult;
  deprecatedOff: VirshResult;
  compares: Map<string, VirshResult>;
  models: VirshResult;
  baselines: Map<string, VirshResult>;
}

/** Multi-CPU files of the TCG cases, baselined on the KVM path too (plain and --features). */
const BASELINES = ['pair-z14-gen15a', 'triple-features', 'pair-many-disabled'].flatMap((f) => [[f], [f, '--features']]);

const kvm = ['--arch', 's390x', '--virttype', 'kvm'];
const label = (h: { env: string; version: QemuVersion }) => `${h.env} (QEMU ${h.version})`;

/** `cpumodel host ENV --format libvirt`, with the deprecated features disabled when asked. */
async function cpumodelHost(env: string, version: QemuVersion, deprecatedOff = false): Promise<HostModel> {
  const r = await cli(['host', env, '--format', 'libvirt', '--profile', PROFILE[version]]);
  expect(r.code, r.err).toBe(0);
  const host = cpuXmlModel(r.out)!;
  if (!deprecatedOff) return host;
  const full = await cli(['expand', 'host', '--type', 'full', '--json', '--env', env, '--profile', PROFILE[version]]);
  const deprecated = new Set((JSON.parse(full.out) as { 'deprecated-props'?: string[] })['deprecated-props'] ?? []);
  const features = host.features.map((f) => (deprecated.has(f.split(' ')[1]!) ? `disable ${f.split(' ')[1]}` : f)).sort();
  return { model: host.model, features };
}

/** The `<feature>` lines of a text in sorted order, everything else in place. */
function sortFeatures(text: string): string {
  const lines = text.split('\n');
  const features = lines.filter((l) => l.includes('<feature ')).sort();
  let next = 0;
  return lines.map((l) => (l.includes('<feature ') ? features[next++]! : l)).join('\n');
}

describe.skipIf(noEmulator || (missing !== null && !required))('libvirt 11.3 on the KVM path with described hosts', () => {
  let daemon: Libvirtd | undefined;
  let dir = '';
  let cpuDir = '';
  const runs = new Map<string, HostRun>();
  let impossible: { written: boolean; err: string; domcaps?: VirshResult } | undefined;
  let realZ16: VirshResult | undefined;

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    daemon = await Libvirtd.start({ preload: SHIM });
    dir = daemon.dir;
    cpuDir = installCpuFiles(daemon, KVM_CPU_DIR);
    const tcgCpuDir = installCpuFiles(daemon);
    const hostRuns = HOSTS.map(async (h) => {
      const b = await emulatorB(daemon!.work, { version: h.version, arch: 's390x', env: h.env }, runAs());
      const domcaps = await daemon!.virsh(['domcapabilities', '--emulatorbin', b, ...kvm]);
      const [deprecatedOff, models, ...rest] = await Promise.all([
        daemon!.virsh(['domcapabilities', '--emulatorbin', b, ...kvm, '--disable-deprecated-features']),
        daemon!.virsh(['hypervisor-cpu-models', '--emulator', b, ...kvm]),
        ...KVM_FILES.map((f) => daemon!.virsh(['hypervisor-cpu-compare', '--emulator', b, ...kvm, join(cpuDir, f)])),
        ...BASELINES.map(([f, ...flags]) => daemon!.virsh(['hypervisor-cpu-baseline', '--emulator', b, ...kvm, join(tcgCpuDir, `${f}.xml`), ...flags])),
      ]);
      runs.set(label(h), {
        domcaps, deprecatedOff: deprecatedOff!, models: models!,
        compares: new Map(KVM_FILES.map((f, i) => [f, rest[i]!])),
        baselines: new Map(BASELINES.map((c, i) => [c.join(' '), rest[KVM_FILES.length + i]!])),
      });
    });
    const realRun = (async () => {
      const env = join(daemon!.work, basename(REAL_Z16.env));
      copyFileSync(REAL_Z16.env, env);
      const ids = runAs();
      if (ids) chownSync(env, ids.uid, ids.gid);
      const b = await emulatorB(daemon!.work, { version: '10.0', arch: 's390x', env }, ids);
      realZ16 = await daemon!.virsh(['domcapabilities', '--emulatorbin', b, ...kvm]);
    })();
    const impossibleRun = (async () => {
      try {
        const b = await emulatorB(daemon!.work, { version: IMPOSSIBLE.version, arch: 's390x', env: IMPOSSIBLE.env }, runAs());
        impossible = { written: true, err: '', domcaps: await daemon!.virsh(['domcapabilities', '--emulatorbin', b, ...kvm]) };
      } catch (e) {
        impossible = { written: false, err: String((e as { stderr?: unknown }).stderr ?? e) };
      }
    })();
    await Promise.all([...hostRuns, realRun, impossibleRun]);
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  for (const h of HOSTS) {
    const run = () => runs.get(label(h))!;

    it(`${label(h)}: domcapabilities --virttype kvm shows cpumodel's host model`, async () => {
      const { domcaps } = run();
      expect(domcaps.stderr).toBe('');
      expect(domcapsHostModel(domcaps.stdout)).toEqual(await cpumodelHost(h.env, h.version));
    });

    it(`${label(h)}: --disable-deprecated-features disables the host model's deprecated features`, async () => {
      const { domcaps, deprecatedOff } = run();
      const shown = domcapsHostModel(deprecatedOff.stdout);
      expect(shown).toEqual(await cpumodelHost(h.env, h.version, true));
      // QEMU 7.2 reports no deprecated features: nothing changes there.
      expect(shown!.features.join() === domcapsHostModel(domcaps.stdout)!.features.join()).toBe(h.version === '7.2');
    });

    it(`${label(h)}: usable models and their blockers are cpumodel's definitions`, async () => {
      const shown = domcapsCustomModels(run().domcaps.stdout);
      const r = await cli(['definitions', '--json', '--env', h.env, '--profile', PROFILE[h.version]]);
      const defs = new Map((JSON.parse(r.out) as { name: string; 'unavailable-features': string[] }[]).map((d) => [d.name, d['unavailable-features']]));
      expect(shown.size).toBeGreaterThanOrEqual(70);
      expect([...shown.values()].some((m) => m.usable)).toBe(true);
      for (const [name, m] of shown) {
        expect(defs.has(name), name).toBe(true);
        expect({ name, usable: m.usable, blockers: [...m.blockers].sort() })
          .toEqual({ name, usable: defs.get(name)!.length === 0, blockers: [...defs.get(name)!].sort() });
      }
    });

    it(`${label(h)}: hypervisor-cpu-compare gives cpumodel compare's verdicts`, async () => {
      const verdicts: string[] = [];
      for (const f of KVM_FILES) {
        const shown = run().compares.get(f)!;
        const r = await cli(['compare', 'host', join(KVM_CPU_DIR, f), '--json', '--env', h.env, '--profile', PROFILE[h.version]]);
        expect(r.code, r.err).toBe(0);
        const expected = libvirtVerdict((JSON.parse(r.out) as { result: string }).result);
        expect({ f, verdict: compareVerdict(shown.stdout), status: shown.status, stderr: shown.stderr })
          .toEqual({ f, verdict: expected, status: expected === 'incompatible' ? 1 : 0, stderr: '' });
        verdicts.push(expected);
      }
      expect(new Set(verdicts).size, 'the files cover more than one verdict').toBeGreaterThan(1);
    });
  }

  for (const h of HOSTS) {
    const run = () => runs.get(label(h))!;
    const engine = async () => {
      const r = await builtinRules('s390x').withEnvironment(h.env, PROFILE[h.version]);
      if (!('engine' in r)) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
      return r.engine;
    };

    it(`${label(h)}: hypervisor-cpu-models --virttype kvm lists the environment's usable models`, async () => {
      const r = await cli(['definitions', '--json', '--env', h.env, '--profile', PROFILE[h.version]]);
      // libvirt never lists `host` as a model.
      const usable = (JSON.parse(r.out) as { name: string; 'unavailable-features': string[] }[])
        .filter((d) => d['unavailable-features'].length === 0 && d.name !== 'host').map((d) => d.name);
      expect(run().models.stdout.split('\n').filter((l) => l !== '').sort()).toEqual(usable.sort());
    });

    it(`${label(h)}: hypervisor-cpu-baseline --virttype kvm is libvirt's calls over cpumodel under the environment`, async () => {
      const e = await engine();
      for (const [f, ...flags] of BASELINES) {
        const shown = run().baselines.get([f, ...flags].join(' '))!;
        const ours = replayBaseline(e, cpusOf(join(CPU_DIR, `${f}.xml`)), flags.includes('--features'));
        expect({ f, flags, stderr: shown.stderr, printed: printedBaseline(shown.stdout) }).toEqual({ f, flags, stderr: '', printed: ours });
      }
    });
  }

  it('a real z16: the <cpu> section libvirt prints is the one libvirt\'s own test data expects', () => {
    // Both without the custom models (the excerpt leaves them out); libvirt's test data keeps features sorted.
    const cpuSection = (xml: string) => sortFeatures(xml.slice(xml.indexOf('  <cpu>'), xml.indexOf('</cpu>') + 6)
      .replace(/    <mode name='custom'[\s\S]*?\n    <\/mode>\n/, ''));
    expect(realZ16!.stderr).toBe('');
    const shown = cpuSection(realZ16!.stdout);
    expect(shown).toContain("<mode name='host-model' supported='yes'>");
    expect(shown).toBe(cpuSection(readFileSync(REAL_Z16.domcaps, 'utf8')));
  });

  it(`${IMPOSSIBLE.env}: KVM in a z/VM guest is refused by cpumodel host and on libvirt's KVM path alike`, async () => {
    const host = await cli(['host', IMPOSSIBLE.env, '--profile', PROFILE[IMPOSSIBLE.version]]);
    expect(host.code).toBe(1);
    expect(host.err).toContain('env/impossible-environment');
    if (impossible!.written) expect(impossible!.domcaps!.status).not.toBe(0);
    else expect(impossible!.err).toContain('env/impossible-environment');
  });

  it('stops libvirtd by its pid and leaves no process or folder behind', async () => {
    await daemon!.stop();
    expect(processesUnder(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
