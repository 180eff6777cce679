/**
 * cpumodel's x86 baseline against real libvirt 11.3 over 41 real hosts
 * (libvirt's test data): libvirt's `virsh -c test:///default cpu-baseline`
 * (recorded; re-run live for a sample where virsh is installed) next to
 * cpumodel's `cluster` of the same hosts, each host's `<cpu>` read by `host
 * import`. The chosen model must agree on at least 90% of the same-vendor
 * baselines and every disagreement must have a checked class; different
 * vendors: both refuse; the baseline's features equal libvirt's outside the
 * features the two read differently on an input host. Summary:
 * golden/libvirt-agreement.txt (the README's numbers).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRules, type ArchEngine, type ClusterAnswer, type PropEntry, type Result } from '../../src/index.js';
import type { X86Engine } from '../../src/target/x86_64/engine/engine.js';
import { expectGolden } from '../golden-file.js';
import { FEATURE_CLASSES, featureClass, hostFeatures, MODEL_CLASSES, modelClass, modelFeatures, qemuName, type FeatureClass, type ModelClass } from './libvirt-classes.js';
import { embeddedLibvirt, hostFingerprint, kvmHere, readCompareRecording, type CompareAnswer } from './libvirt-compare.js';
import { HOSTS_DIR, hostEngines, hosts, libvirtBaseline, readRecording, virshPresent, type LibvirtAnswer, type Recording } from './libvirt-x86.js';

const GOLDEN = join(import.meta.dirname, 'golden', 'libvirt-agreement.txt');
const COMPARE_GOLDEN = join(import.meta.dirname, 'golden', 'libvirt-compare-kvm.txt');
type Baseline = Extract<LibvirtAnswer, { model: string }>;
interface Case { answer: LibvirtAnswer; engines: ArchEngine[]; ours: Result<ClusterAnswer> }

let rec: Recording;
let engines: Map<string, ArchEngine>;
let tcg: ArchEngine;
let all: Case[];

beforeAll(async () => {
  rec = readRecording();
  const built = await hostEngines();
  engines = built.engines;
  const e = built.rules.engine();
  if ('diagnostics' in e) throw new Error('no x86_64 engine');
  tcg = e.engine;
  all = rec.answers.map((answer) => {
    const es = answer.hosts.map((h) => engines.get(h)!);
    return { answer, engines: es, ours: es[0]!.hosts!.cluster(es.slice(1)) };
  });
}, 120_000);

const baselines = () => all.filter((c): c is Case & { answer: Baseline } => 'model' in c.answer);
const featuresOf = (engine: ArchEngine, a: ClusterAnswer) => {
  const x = engine.expand({ name: a.model.name, props: Object.entries(a.model.props ?? {}) as PropEntry[] }, 'static');
  if (!x.ok) throw new Error(`${a.model.name} does not expand`);
  return new Set(Object.entries(x.value.model.props ?? {}).filter(([, v]) => v === true).map(([k]) => k));
};
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;

describe('x86 baseline: cpumodel against libvirt 11.3 on real hosts', () => {
  it.skipIf(!virshPresent())('the recording is what libvirt answers now (live, every 40th case and every host alone)', () => {
    for (const [i, a] of rec.answers.entries()) if (i % 40 === 0) expect(libvirtBaseline(a.hosts)).toEqual(a);
    for (const a of rec.single) expect(libvirtBaseline(a.hosts)).toEqual(a);
  }, 60_000);

  it('the recording covers every pair of the hosts, and same-vendor triples', () => {
    const n = hosts().length;
    expect(rec.single.map((a) => a.hosts[0])).toEqual(hosts().map((h) => h.name));
    expect(rec.answers.filter((a) => a.hosts.length === 2)).toHaveLength((n * (n - 1)) / 2);
    expect(rec.answers.filter((a) => a.hosts.length === 3).length).toBeGreaterThan(10);
  });

  it('different vendors: libvirt and cpumodel both refuse, cpumodel naming the vendors', () => {
    const refused = all.filter((c) => 'error' in c.answer);
    expect(refused.length).toBeGreaterThan(300);
    for (const c of refused) {
      expect((c.answer as { error: string }).error).toBe('operation failed: CPU vendors do not match');
      expect(c.ours.ok ? c.answer.hosts : null).toBeNull();
      if (!c.ours.ok) expect(JSON.stringify(c.ours.error)).toMatch(/vendors differ/);
    }
    // Same vendor: libvirt never refuses, nor does cpumodel.
    for (const c of baselines()) expect([c.answer.hosts, c.ours.ok]).toEqual([c.answer.hosts, true]);
  });

  it('the chosen model agrees on at least 90% of the same-vendor baselines; every disagreement has a checked class (golden summary)', () => {
    const cases = baselines();
    const agree = cases.filter((c) => c.ours.ok && c.ours.value.model.name === c.answer.model);
    const classes = new Map<ModelClass, string[]>();
    for (const c of cases) {
      if (!c.ours.ok || c.ours.value.model.name === c.answer.model) continue;
      const v = modelClass(c.engines, c.ours.value, c.answer);
      classes.set(v.cls, [...(classes.get(v.cls) ?? []), `${c.answer.hosts.join(' + ')}: ${v.detail}`]);
    }
    expect(classes.get('unexplained') ?? []).toEqual([]);
    expect(agree.length / cases.length).toBeGreaterThanOrEqual(0.9);
    const otherTable = cases.filter((c) => c.ours.ok && c.ours.value.model.name !== c.answer.model && vendorOfTable(c.ours.value.model.name) !== vendorOfTable(c.answer.model));
    const lines = [
      `libvirt ${rec.libvirt} (virsh -c test:///default cpu-baseline) against cpumodel (cluster of the hosts' host import), QEMU ${tcg.profile.qemu}`,
      `hosts: ${hosts().length} (${[...countBy(hosts().map((h) => h.vendor))].map(([v, n]) => `${n} ${v}`).join(', ')})`,
      `same vendor: ${cases.length} baselines; the model agrees on ${agree.length} (${pct(agree.length, cases.length)})`,
      `different vendors: ${all.length - cases.length} pairs; both refuse`,
      ...[...classes].flatMap(([cls, items]) => [`${cls} (${items.length}): ${MODEL_CLASSES[cls]}`, ...items.slice(0, 3).map((i) => `  ${i}`), ...(items.length > 3 ? [`  … ${items.length - 3} more`] : [])]),
      `of the disagreements, cpumodel's model is from the other vendor's table (KVM gives every named model the host's vendor): ${otherTable.length}`,
      `the cluster model runs on every host of the case: ${cases.filter((c) => runs(c).unnamed.length === 0 && runs(c).named.length === 0).length} of ${cases.length}`,
      ...featureSummary(cases),
    ];
    expectGolden(GOLDEN, `${lines.join('\n')}\n`);
  }, 60_000);

  it('the cluster model runs on every host of the case (named features and bits without a name) and keeps exactly the features their host models share', () => {
    for (const c of baselines()) {
      if (!c.ours.ok) throw new Error('refused');
      expect([c.answer.hosts, runs(c)]).toEqual([c.answer.hosts, { named: [], unnamed: [] }]);
      const common = c.engines.map(hostFeatures).reduce((a, b) => new Set([...a].filter((f) => b.has(f))));
      const got = featuresOf(c.engines[0]!, c.ours.value);
      expect([...got].filter((f) => !common.has(f))).toEqual([]);
      expect([...common].filter((f) => !got.has(f))).toEqual([]);
    }
  }, 60_000);

  it('KVM\'s emulated features: the Core i5 650\'s CPUID (libvirt\'s host CPU) lacks x2apic, tsc-deadline and tsc-adjust, KVM offered them there, and the import offers them', async () => {
    const xml = readFileSync(join(HOSTS_DIR, 'x86_64-cpuid-Core-i5-650-host.xml'), 'utf8');
    const built = await hostEngines();
    const imported = hostFeatures(built.engines.get('Core-i5-650')!);
    const recorded = await built.rules.withEnvironment('core-i5-650');
    if ('diagnostics' in recorded) throw new Error('no core-i5-650');
    const underKvm = hostFeatures(recorded.engine);
    for (const f of ['x2apic', 'tsc-deadline', 'tsc-adjust']) {
      expect([f, xml.includes(`'${f.replace('-', '_')}'`) || xml.includes(`'${f}'`), underKvm.has(f), imported.has(f)]).toEqual([f, false, true, true]);
    }
  }, 60_000);
});

/** What keeps the cluster model from running on a host of the case: named features, and the warnings for unnamed bits. */
function runs(c: Case): { named: string[]; unnamed: string[] } {
  if (!c.ours.ok) return { named: ['(refused)'], unnamed: [] };
  const model = c.ours.value.model;
  const req = { name: model.name, props: Object.entries(model.props ?? {}) as PropEntry[] };
  const named: string[] = [];
  const unnamed: string[] = [];
  for (const e of c.engines) {
    const run = e.checkRun(req, 'qmp');
    if (!run.ok) { named.push(`${e.environment}: error`); continue; }
    named.push(...run.value.unavailable.filter((f) => f !== '').map((f) => `${e.environment}: ${f}`));
    if (run.value.unavailable.includes('')) unnamed.push(...run.value.warnings.filter((w) => !/: [A-Z0-9]+\.[A-Z0-9]+:[A-Z]+\.[a-z]/.test(w) && /\[bit \d+\]$/.test(w)));
  }
  return { named, unnamed };
}

describe('x86 comparison under KVM: libvirt\'s hypervisor-cpu-compare against cpumodel\'s check-run on this machine (xeon-nested-kvm, QEMU 7.2)', () => {
  const compared = readCompareRecording();
  const verdictOf = async () => {
    const env = await openRules(undefined, 'x86_64').withEnvironment('xeon-nested-kvm', 'qemu-7.2');
    if ('diagnostics' in env) throw new Error('no xeon-nested-kvm');
    // What KVM switches off on every named model (QEMU's defaults under KVM: svm, monitor, acpi).
    const kvmOff = new Set((env.engine as unknown as X86Engine).rules.accel.modelDefaults.filter((d) => d.value === false).map((d) => d.key));
    return { kvmOff, check: (a: CompareAnswer) => {
      const run = env.engine.checkRun({ name: a.guest.model, props: a.guest.disable.map((f): PropEntry => [qemuName(f), false]) }, 'qmp');
      if (!run.ok) throw new Error(`${a.guest.model}: ${JSON.stringify(run.error)}`);
      const x = env.engine.expand({ name: a.guest.model, props: a.guest.disable.map((f): PropEntry => [qemuName(f), false]) }, 'static');
      const has = (f: string) => x.ok && x.value.model.props?.[f] === true;
      return { ...run.value, has };
    } };
  };

  it.skipIf(!kvmHere() || hostFingerprint() !== compared.host)('the recording is what libvirt answers now (live: two guests)', () => {
    const libvirt = embeddedLibvirt();
    try {
      for (const i of [0, compared.answers.length - 1]) expect(libvirt.compare(compared.answers[i]!.guest)).toEqual(compared.answers[i]);
    } finally {
      libvirt.close();
    }
  }, 60_000);

  it('the verdicts agree on every guest libvirt answers (runs ⇔ identical or superset), missing features by class (golden)', async () => {
    const { check, kvmOff } = await verdictOf();
    const kvmDefaults: string[] = [];
    const answered = compared.answers.filter((a) => a.verdict !== 'error');
    const onlyLibvirt = new Map<string, number>();
    const onlyCpumodel = new Map<string, number>();
    let same = 0;
    for (const a of answered) {
      const v = check(a);
      const theirs = new Set(a.missing.map(qemuName));
      const ours = new Set(v.unavailable.filter((f) => f !== ''));
      if (v.runnable !== (a.verdict !== 'incompatible')) {
        // libvirt checks its CPU map's model: QEMU's guest has none of the extra features (KVM switches them off, or QEMU's table lacks them).
        const extra = [...theirs].filter((f) => !ours.has(f));
        expect([a.guest, v.runnable, extra.length > 0 && extra.every((f) => !v.has(f))]).toEqual([a.guest, true, true]);
        kvmDefaults.push(`${[a.guest.model, ...a.guest.disable.map((f) => `${f}=off`)].join(',')} (libvirt: needs ${extra.map((f) => `${f}${kvmOff.has(f) ? ' (kvm off)' : ' (not in QEMU\'s model)'}`).join(', ')})`);
      }
      if ([...theirs].every((f) => ours.has(f)) && [...ours].every((f) => theirs.has(f))) same++;
      for (const f of theirs) if (!ours.has(f)) onlyLibvirt.set(f, (onlyLibvirt.get(f) ?? 0) + 1);
      for (const f of ours) if (!theirs.has(f)) onlyCpumodel.set(f, (onlyCpumodel.get(f) ?? 0) + 1);
    }
    const list = (m: Map<string, number>) => [...m].sort(([x], [y]) => x.localeCompare(y)).map(([f, n]) => `${f} (${n})`).join(' ') || '—';
    const errors = compared.answers.filter((a) => a.verdict === 'error');
    expectGolden(COMPARE_GOLDEN, [
      `libvirt ${compared.libvirt} (virsh hypervisor-cpu-compare --virttype kvm, ${compared.qemu}) against cpumodel check-run --env xeon-nested-kvm --profile qemu-7.2`,
      `guests: ${compared.answers.length}; libvirt answered ${answered.length} (${[...countBy(answered.map((a) => a.verdict))].map(([v, n]) => `${n} ${v}`).join(', ')}); the verdicts agree on ${answered.length - kvmDefaults.length}`,
      `cpu map (${kvmDefaults.length}): cpumodel runs it, libvirt refuses: libvirt checks its CPU map's model, whose features QEMU's guest does not have (under KVM QEMU switches ${[...kvmOff].sort().join(', ')} off on every named model; or QEMU's table lacks them): ${kvmDefaults.join('; ') || '—'}`,
      `libvirt refused ${errors.length}: ${[...new Set(errors.map((a) => a.message))].join('; ') || '—'}`,
      `the missing features are the same for ${same} of ${answered.length}; named only by libvirt: ${list(onlyLibvirt)}; only by cpumodel: ${list(onlyCpumodel)}`,
      '',
    ].join('\n'));
  }, 60_000);
});

function countBy(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function vendorOfTable(model: string): string {
  const x = tcg.expand({ name: model }, 'static');
  return x.ok ? String(x.value.model.props?.vendor ?? '') : '';
}

/**
 * The baseline's features against libvirt's: equal outside the features the
 * two read differently on some input host; those differences by class.
 */
function featureSummary(cases: readonly (Case & { answer: Baseline })[]): string[] {
  const single = new Map(rec.single.map((a) => [a.hosts[0]!, a as Baseline]));
  const perHost = new Map<string, Map<string, FeatureClass>>();
  for (const h of hosts()) {
    const engine = engines.get(h.name)!;
    const xml = readFileSync(join(HOSTS_DIR, h.file), 'utf8');
    const model = /<model>(.*?)<\/model>/.exec(xml)![1]!;
    const listed = new Set([...xml.matchAll(/name='([^']+)'/g)].map((m) => qemuName(m[1]!)));
    const inModel = modelFeatures(tcg, model, [...listed]);
    const theirs = new Set(single.get(h.name)!.features.map(qemuName));
    const ours = hostFeatures(engine);
    const diff = [...theirs, ...ours].filter((f) => theirs.has(f) !== ours.has(f));
    perHost.set(h.name, new Map(diff.map((f) => [f, featureClass(engine, f, listed.has(f), inModel.has(f), ours)])));
  }
  let equal = 0;
  for (const c of cases) {
    if (!c.ours.ok) continue;
    const read = new Set(c.answer.hosts.flatMap((h) => [...perHost.get(h)!.keys()]));
    const theirs = c.answer.features.map(qemuName).filter((f) => !read.has(f)).sort();
    const ours = [...featuresOf(c.engines[0]!, c.ours.value)].filter((f) => !read.has(f)).sort();
    expect([c.answer.hosts, ours]).toEqual([c.answer.hosts, theirs]);
    equal++;
  }
  const byClass = new Map<FeatureClass, Set<string>>();
  for (const m of perHost.values()) for (const [f, cls] of m) byClass.set(cls, new Set([...(byClass.get(cls) ?? []), f]));
  expect([...(byClass.get('unexplained') ?? [])]).toEqual([]);
  return [
    `features: the baseline's equal libvirt's in ${equal} of ${cases.length} baselines, outside the features read differently on an input host:`,
    ...[...byClass].map(([cls, fs]) => `  ${cls} (${FEATURE_CLASSES[cls]}): ${[...fs].sort().join(' ')}`),
  ];
}
