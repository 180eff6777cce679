import { LIBVIRT_X86_NAMES } from '../../src/target/x86_64/libvirt-names.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectGolden } from '../golden-file.js';
import { cli, json } from '../cli/run.js';

/** Real dumps (test/fixtures/host-import/README.md has their origin) through `cpumodel host import`. */
const FIX = join(import.meta.dirname, '..', 'fixtures');
const DUMPS = join(FIX, 'host-import');
const GOLDEN = join(import.meta.dirname, 'golden');
const DATE = { env: { CPUMODEL_DATE: '2026-12-02' } };
const tmp = mkdtempSync(join(tmpdir(), 'cpumodel-dumps-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Expansion { name: string; props: Record<string, unknown> }
const records = (JSON.parse(readFileSync(join(FIX, 'libvirt-hosts', 'records.json'), 'utf8')) as { records: (Expansion & { source: string; accel: string; static: Expansion })[] }).records;

async function importTo(dump: string, ...extra: string[]): Promise<{ env: string; out: string; err: string }> {
  const env = join(tmp, `${dump}.yaml`);
  const r = await cli(['host', 'import', join(DUMPS, dump), '--out', env, ...extra], DATE);
  expect(r.code).toBe(0);
  return { env, out: r.out, err: r.err };
}

/** libvirt's host model is QEMU's `host` with migratable=off (unmigratable features such as invtsc too). */
const hostUnmigratable = async (env: string) => (json(await cli(['expand', 'host,migratable=off', '--env', env, '--json'])) as { model: Expansion }).model;
const hostStatic = async (env: string, arch = 's390x') => (json(await cli(['host', env, '--json', '--arch', arch])) as { model: Expansion }).model;
const normal = (name: string) => name.replace(/[-_.]/g, '-');

describe('host import of real dumps', () => {
  it('virsh domcapabilities of an IBM z16 (libvirt qemu_10.0.0.s390x): the host model libvirt recorded for that host', async () => {
    const { env, err } = await importTo('qemu_10.0.0.s390x.domcaps.xml', '--qemu', '9.2.50');
    expect(err).toBe('');
    const recorded = records.find((r) => r.source.includes('caps_10.0.0_s390x') && r.accel === 'kvm')!.static;
    expect(await hostStatic(env)).toEqual(recorded);
  }, 60_000);

  it('the written environment starts with its provenance (golden)', async () => {
    const r = await cli(['host', 'import', join('test', 'fixtures', 'host-import', 'qemu_10.0.0.s390x.domcaps.xml'), '--qemu', '9.2.50'], DATE);
    expectGolden(join(GOLDEN, 'domcaps-s390x.yaml'), r.out);
  }, 60_000);

  it('an LPAR /proc/cpuinfo without facility bits: the machine type decides, the rest is assumed and said', async () => {
    const { env, out, err } = await importTo('s390-lpar-drawer.cpuinfo');
    expect(err).toBe('');
    expect(out).toContain('cpu type 0x2964 GA 2; layers: lpar');
    const text = readFileSync(env, 'utf8');
    expect(text).toMatch(/^# .*CPACF subfunctions/m);
    expect(text).toMatch(/^# .*no `facilities` line/m);
    expect((await hostStatic(env)).name).toBe('z13.2-base');
  }, 60_000);

  it('a KVM guest\'s /proc/cpuinfo with facility bits: missing facilities are removed, no `sie` is a warning at its line', async () => {
    const { env, err } = await importTo('s390-nested-virt.cpuinfo');
    expect(err).toMatch(/s390-nested-virt\.cpuinfo:5:12: warning\[import\/no-sie\]/);
    const text = readFileSync(env, 'utf8');
    expect(text).toContain('layers: [lpar, kvm]');
    const removed = /remove: \[(.*)\]/.exec(text)![1]!.split(', ');
    expect(removed).toContain('ipter'); // facility 13 is not listed
    expect(removed).not.toContain('vx'); // facility 129 is
    const model = await hostStatic(env);
    expect(model.props.ipter ?? false).toBe(false);
  }, 60_000);

  it('virsh domcapabilities of an AMD EPYC host: an environment offering every required feature and none of the disabled ones, with libvirt\'s vendor', async () => {
    const { env, err } = await importTo('qemu_10.0.0.x86_64.domcaps.xml');
    expect(err).toBe('');
    const text = readFileSync(env, 'utf8');
    expect(text).toContain('host: {vendor: "AuthenticAMD"}');
    const host = (await hostUnmigratable(env)).props;
    const byNormal = new Map(Object.entries(host).map(([k, v]) => [normal(k), v]));
    const supports = new Set(/supports: \[([^\]]*)\]/.exec(text)![1]!.split(/,\s*/).map(normal));
    const xml = readFileSync(join(DUMPS, 'qemu_10.0.0.x86_64.domcaps.xml'), 'utf8');
    const policies = [...xml.matchAll(/policy='(\w+)' name='([^']+)'/g)].map((m) => [normal(m[2]!), m[1] === 'require'] as const);
    expect(policies.length).toBe(32);
    for (const [name, on] of policies) expect([name, supports.has(name)]).toEqual([name, on]);
    // `host` has each of them as libvirt recorded it, except what it never enables by itself (topoext, kept in `supports`).
    for (const [name, on] of policies.filter(([n]) => n !== 'topoext')) expect([name, byNormal.get(name) ?? false]).toEqual([name, on]);
  }, 60_000);

  it('QEMU\'s static expansion of `host` on an Intel Core i5 650 (libvirt cputestdata): the environment\'s host model has every recorded feature value', async () => {
    const { env, err } = await importTo('x86_64-cpuid-Core-i5-650.model-expansion.json');
    expect(err).toBe('');
    const text = readFileSync(env, 'utf8');
    expect(text).toMatch(/never enables by itself: kvm-hint-dedicated/);
    const got = (await hostStatic(env, 'x86_64')).props;
    const recorded = (JSON.parse(readFileSync(join(DUMPS, 'x86_64-cpuid-Core-i5-650.model-expansion.json'), 'utf8')) as { return: { model: Expansion } }).return.model.props;
    const compared = Object.entries(recorded).filter(([k, v]) => typeof v === 'boolean' && k in got && k !== 'kvm-hint-dedicated');
    expect(compared.length).toBeGreaterThan(150);
    for (const [k, v] of compared) expect([k, got[k]]).toEqual([k, v]);
    for (const k of ['family', 'model', 'stepping', 'min-level']) expect([k, got[k]]).toEqual([k, recorded[k]]);
  }, 60_000);

  it('libvirt\'s QEMU capability cache (caps_2.8.0.s390x, <hostCPU>): the QEMU version from <version>, the recorded host model', async () => {
    const { env, err } = await importTo('caps_2.8.0.s390x.qemucaps.xml');
    expect(err).toBe('');
    const text = readFileSync(env, 'utf8');
    expect(text).toContain('qemu: "2.7.93"');
    expect(text).not.toMatch(/the QEMU version/);
    expect(await hostStatic(env)).toEqual(records.find((r) => r.source.includes('caps_2.8.0.s390x') && r.accel === 'kvm')!.static);
  }, 60_000);

  it('libvirt\'s .replies framing (commands, then answers): the expansions of `host` and query-version are taken', async () => {
    const r = records.find((x) => x.source.includes('caps_9.2.0_s390x') && x.accel === 'kvm') as unknown as { static: Expansion; full: Expansion };
    const seq = [
      { execute: 'query-version', id: 'libvirt-1' }, { return: { qemu: { micro: 0, minor: 2, major: 9 }, package: '' }, id: 'libvirt-1' },
      { execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: { name: 'host' } }, id: 'libvirt-2' }, { return: { model: r.static }, id: 'libvirt-2' },
      { execute: 'query-cpu-model-expansion', arguments: { type: 'full', model: { name: 'host' } }, id: 'libvirt-3' }, { return: { model: r.full }, id: 'libvirt-3' },
    ];
    const file = join(tmp, 'caps_9.2.0.replies');
    writeFileSync(file, seq.map((v) => JSON.stringify(v, null, 2)).join('\n\n'));
    const out = join(tmp, 'caps_9.2.0.yaml');
    const imp = await cli(['host', 'import', file, '--out', out], DATE);
    expect([imp.code, imp.err]).toEqual([0, '']);
    expect(readFileSync(out, 'utf8')).toContain('qemu: "9.2.0"');
    expect(await hostStatic(out)).toEqual(r.static);
    // A full expansion that says otherwise than the static one is pointed at.
    const edited = seq.map((v, i) => (i === 5 ? { return: { model: { ...r.full, props: { ...r.full.props, vx: false } } }, id: 'libvirt-3' } : v));
    writeFileSync(file, edited.map((v) => JSON.stringify(v, null, 2)).join('\n\n'));
    const warned = await cli(['host', 'import', file], DATE);
    expect(warned.err).toMatch(/caps_9\.2\.0\.replies:\d+:1: warning\[import\/inconsistent-expansions\]/);
  }, 60_000);

  it('the host <cpu> libvirt computes for the Core i5 650 (cputestdata): an environment whose host model has every listed feature on', async () => {
    const { env, err } = await importTo('x86_64-cpuid-Core-i5-650-host.xml', '--arch', 'x86_64');
    expect(err).toBe('');
    expect(readFileSync(env, 'utf8')).toContain('host: {vendor: "GenuineIntel"}');
    const got = (await hostUnmigratable(env)).props;
    const byNormal = new Map(Object.entries(got).map(([k, v]) => [normal(k), v]));
    const listed = [...readFileSync(join(DUMPS, 'x86_64-cpuid-Core-i5-650-host.xml'), 'utf8').matchAll(/name='([^']+)'/g)].map((m) => m[1]!);
    expect(listed.length).toBe(20);
    // QEMU 10.0's `host` never enables `ht` by itself (no-autoenable); it is offered all the same.
    expect(readFileSync(env, 'utf8')).toMatch(/ ht,/);
    const qemuName = new Map(LIBVIRT_X86_NAMES);
    for (const f of listed.filter((x) => x !== 'ht')) expect([f, byNormal.get(normal(qemuName.get(f) ?? f))]).toEqual([f, true]);
  }, 60_000);

  it('a KVM guest that can run KVM itself (`sie` under version FF) is a nested KVM host', async () => {
    const text = readFileSync(join(DUMPS, 's390-nested-virt.cpuinfo'), 'utf8').replace(/^(features\t: .*?) ?$/m, '$1 sie');
    const file = join(tmp, 'nested-sie.cpuinfo');
    writeFileSync(file, text);
    const out = join(tmp, 'nested-sie.yaml');
    const r = await cli(['host', 'import', file, '--out', out, '--json'], DATE);
    expect([r.code, r.err]).toEqual([0, '']);
    const result = json(r) as { arch: string; kind: string; summary: string[]; text: string };
    expect([result.arch, result.kind]).toEqual(['s390x', 'environment']);
    expect(result.text).toBe(readFileSync(out, 'utf8'));
    expect(result.text).toContain('nested: true');
    expect(result.text).toContain('layers: [lpar, kvm]');
    const model = await hostStatic(out);
    expect(model.props.sief2).toBe(true);
  }, 60_000);
});

