import { describe, expect, it } from 'vitest';
import {
  builtinEngine, builtinRules, cpuXmlOf, findTarget, readCpuXml,
  type ArchEngine, type LibvirtMapping, type ModelInfo, type ModelRequest,
} from '../../src/index.js';

/** libvirt's CPU XML in (mapped per architecture as libvirt maps it) and out (read back, it is the same model). */
const mapping = (arch: string): LibvirtMapping => findTarget(arch)!.libvirt!;

function requestFrom(engine: ArchEngine, xml: string) {
  const read = readCpuXml('t.xml', xml);
  if ('diagnostics' in read) throw new Error(read.diagnostics[0]!.message);
  return mapping(engine.arch.name).request(engine, read.cpu);
}

function staticOf(engine: ArchEngine, req: ModelRequest): ModelInfo {
  const r = engine.expand(req, 'static', 'as-given');
  if (!r.ok) throw new Error(engine.errorText(r.error));
  return r.value.model;
}

const sorted = (m: ModelInfo) => ({ name: m.name, props: Object.fromEntries(Object.entries(m.props ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) });

async function envEngine(name: string): Promise<ArchEngine> {
  const r = await builtinRules('s390x').withEnvironment(name);
  if (!('engine' in r)) throw new Error(r.diagnostics[0]!.message);
  return r.engine;
}

describe('libvirt cpu xml in: s390x', () => {
  const engine = builtinEngine(undefined, { arch: 's390x' });

  it('custom: the model and require/disable as on/off, in document order', () => {
    const r = requestFrom(engine, "<cpu mode='custom' match='exact'><model fallback='forbid'>z14</model><feature policy='disable' name='vx'/><feature policy='require' name='gs'/></cpu>");
    expect(r).toEqual({ request: { name: 'z14', props: [['vx', false], ['gs', true]] } });
  });

  it('host-passthrough is `host`, maximum is `max`', () => {
    expect(requestFrom(engine, "<cpu mode='host-passthrough'/>")).toEqual({ request: { name: 'host', props: [] } });
    expect(requestFrom(engine, "<cpu mode='maximum'><feature policy='disable' name='vx'/></cpu>")).toEqual({ request: { name: 'max', props: [['vx', false]] } });
  });

  it('refuses what libvirt refuses on s390x: optional, force, forbid, match=minimum, host-model without a host, custom without a model', () => {
    const r = requestFrom(engine, "<cpu match='minimum'><model>z14</model><feature policy='optional' name='vx'/><feature policy='force' name='gs'/><feature policy='forbid' name='te'/><feature policy='disable' name='ri'/></cpu>");
    expect('problems' in r && r.problems.map((p) => p.at)).toEqual(['match', { feature: 0 }, { feature: 1 }, { feature: 2 }]);
    const host = requestFrom(engine, "<cpu mode='host-model'/>");
    expect('problems' in host && host.problems[0]).toMatchObject({ at: 'mode', message: 'libvirt offers no host-model for s390x without a host (tcg)' });
    const none = requestFrom(engine, "<cpu><feature policy='require' name='vx'/></cpu>");
    expect('problems' in none && none.problems[0]!.at).toBe('model');
  });

  it("deprecated_features='off' disables every feature QEMU reports deprecated; refused where QEMU reports none (7.2)", () => {
    const full = engine.expand({ name: 'z14' }, 'full');
    const deprecated = full.ok ? full.value['deprecated-props']! : [];
    expect(deprecated.length).toBeGreaterThan(0);
    const r = requestFrom(engine, "<cpu deprecated_features='off'><model>z14</model><feature policy='require' name='vx'/></cpu>");
    expect(r).toEqual({ request: { name: 'z14', props: [['vx', true], ...deprecated.map((p) => [p, false])] } });
    const old = requestFrom(builtinEngine('qemu-7.2', { arch: 's390x' }), "<cpu deprecated_features='off'><model>z14</model></cpu>");
    expect('problems' in old && old.problems[0]!.at).toBe('deprecated');
    const x86 = requestFrom(builtinEngine(undefined, { arch: 'x86_64' }), "<cpu deprecated_features='off'><model>Westmere</model></cpu>");
    expect('problems' in x86 && x86.problems[0]!.at).toBe('deprecated');
  });

  it('host-model is the host\'s static model with the guest\'s features on top', async () => {
    const env = await envEngine('z15-lpar');
    const host = env.hosts!.hostModel('static')!;
    const r = requestFrom(env, "<cpu mode='host-model'/>");
    if (!('request' in r)) throw new Error('refused');
    expect(sorted(staticOf(env, r.request))).toEqual(sorted(host));
    const off = requestFrom(env, "<cpu mode='host-model'><feature policy='disable' name='vx'/></cpu>");
    if (!('request' in off)) throw new Error('refused');
    expect(staticOf(env, off.request)).toEqual(staticOf(env, { name: 'host', props: [['vx', false]] }));
  });
});

describe('libvirt cpu xml in: x86_64', () => {
  const engine = builtinEngine(undefined, { arch: 'x86_64' });
  const max = staticOf(engine, { name: 'max' }).props!;
  const onInMax = Object.keys(max).filter((k) => max[k] === true);

  it('the seed\'s question: Westmere requiring aes', () => {
    const r = requestFrom(engine, "<cpu match='exact'><model fallback='forbid'>Westmere</model><feature policy='require' name='aes'/></cpu>");
    expect(r).toEqual({ request: { name: 'Westmere', props: [['aes', true]] } });
  });

  it('renames libvirt\'s spellings to QEMU\'s (pclmuldq, lahf_lm, …); force on, forbid and disable off', () => {
    const r = requestFrom(engine, "<cpu><model>Westmere</model><feature policy='force' name='pclmuldq'/><feature policy='forbid' name='lahf_lm'/><feature policy='disable' name='tsc_adjust'/></cpu>");
    expect(r).toEqual({ request: { name: 'Westmere', props: [['pclmulqdq', true], ['lahf-lm', false], ['tsc-adjust', false]] } });
  });

  it('optional: on where the host cpu (TCG: max) has the feature, off where it does not', () => {
    const has = onInMax[0]!;
    const lacks = Object.keys(max).find((k) => max[k] === false)!;
    const r = requestFrom(engine, `<cpu><model>qemu64</model><feature policy='optional' name='${has}'/><feature policy='optional' name='${lacks}'/></cpu>`);
    expect(r).toEqual({ request: { name: 'qemu64', props: [[has, true], [lacks, false]] } });
  });

  it('match=minimum adds every feature of the host cpu the model lacks, except those the guest names', () => {
    const r = requestFrom(engine, "<cpu match='minimum'><model>qemu64</model><feature policy='disable' name='sse4.2'/></cpu>");
    if (!('request' in r)) throw new Error('refused');
    const base = staticOf(engine, { name: 'qemu64', props: [['sse4.2', false]] }).props!;
    const added = (r.request.props as [string, boolean][]).slice(1);
    expect(added.map(([k]) => k).sort()).toEqual(onInMax.filter((k) => base[k] === false && k !== 'sse4.2').sort());
    expect(added.every(([, on]) => on)).toBe(true);
  });

  it('host-model is the host cpu (TCG: max), host-passthrough `host`', () => {
    expect(requestFrom(engine, "<cpu mode='host-model'/>")).toEqual({ request: { name: 'max', props: [] } });
    expect(requestFrom(engine, "<cpu mode='host-passthrough'/>")).toEqual({ request: { name: 'host', props: [] } });
  });
});

describe('libvirt cpu xml out, read back in: the same model', () => {
  const cases: [arch: string, req: ModelRequest][] = [
    ['s390x', { name: 'z14', props: [['vx', false]] }],
    ['s390x', { name: 'gen16a', props: [['msa9', false], ['km-aes-128', true]] }],
    ['s390x', { name: 'z13', props: [['csske', false], ['te', false]] }],
    ['x86_64', { name: 'Westmere', props: [['aes', false], ['avx', true], ['pclmulqdq', false]] }],
    ['x86_64', { name: 'EPYC', props: [['lahf-lm', false]] }],
    ['x86_64', { name: 'qemu64', props: [] }],
  ];
  for (const [arch, req] of cases) {
    for (const features of [false, true]) {
      it(`${arch} ${req.name} ${JSON.stringify(req.props)}${features ? ' --features' : ''}`, () => {
        const engine = builtinEngine(undefined, { arch });
        const answer = staticOf(engine, req);
        const out = cpuXmlOf(engine, mapping(arch), answer, { features, prefer: req.name });
        if (!('xml' in out)) throw new Error(out.reason);
        const back = requestFrom(engine, out.xml);
        if (!('request' in back)) throw new Error('refused');
        expect(sorted(staticOf(engine, back.request))).toEqual(sorted(answer));
      });
    }
  }

  it('a baseline\'s disabled base feature stays disabled (virsh drops it and so turns it back on)', () => {
    const engine = builtinEngine(undefined, { arch: 's390x' });
    const r = engine.relations!.baselineAll([{ name: 'gen15a' }, { name: 'z14', props: [['vx', false]] }]);
    if (!r.ok) throw new Error('baseline failed');
    expect(r.value.model.props?.csske).toBe(false);
    const out = cpuXmlOf(engine, mapping('s390x'), r.value.model);
    if (!('xml' in out)) throw new Error(out.reason);
    expect(out.xml).toContain("<feature policy='disable' name='csske'/>");
  });

  it('x86 writes libvirt\'s spellings', () => {
    const engine = builtinEngine(undefined, { arch: 'x86_64' });
    const out = cpuXmlOf(engine, mapping('x86_64'), staticOf(engine, { name: 'Westmere' }), { features: true, prefer: 'Westmere' });
    if (!('xml' in out)) throw new Error(out.reason);
    expect(out.xml).toContain("name='pclmuldq'");
    expect(out.xml).not.toContain("name='pclmulqdq'");
  });
});
