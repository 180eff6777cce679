import { describe, expect, it } from 'vitest';
import { cli } from './run.js';

/**
 * The CLI on x86_64: the architecture follows the model named (or --arch),
 * every command answers as for s390x, and what QEMU lacks on x86 (comparison,
 * baseline) or cpumodel does not model yet (host environments) is a usage
 * error that says so.
 */
const json = (out: string) => JSON.parse(out) as unknown;

describe('cpumodel on x86_64', () => {
  it('infers the architecture from the model: `expand Westmere,aes=on` answers as qemu-system-x86_64', async () => {
    const r = await cli('expand Westmere,aes=on --json');
    expect(r.code).toBe(0);
    const info = json(r.out) as { model: { name: string; props: Record<string, unknown> } };
    expect(info.model.name).toBe('base');
    expect(info.model.props).toMatchObject({ aes: true, vme: false, hypervisor: true, family: 6, model: 44, vendor: 'GenuineIntel' });
    expect(Object.keys(info.model.props)).toHaveLength(390);
  });

  it('--arch picks it explicitly, and a name of the other architecture is then unknown, with a hint', async () => {
    expect((await cli('expand Westmere --arch x86_64 --json')).code).toBe(0);
    const r = await cli('expand Westmere --arch s390x');
    expect(r.code).toBe(1);
    expect(r.err).toContain("error: The CPU definition 'Westmere' is unknown.");
    const bad = await cli('expand Westmere --arch x86');
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('unknown architecture `x86`')]);
  });

  it('full expansion echoes the name asked for and holds lbr-fmt exactly', async () => {
    const r = await cli('expand Westmere-IBRS --type full --json');
    expect(r.out).toContain('"name": "Westmere-IBRS"');
    expect(r.out).toContain('"lbr-fmt": 18446744073709551552');
  });

  it('answers per QEMU version: x2apic is TCG-capable in 10.0 only', async () => {
    expect((await cli('check-run Westmere,x2apic=on')).code).toBe(0);
    const old = await cli('check-run Westmere,x2apic=on --profile qemu-7.2');
    expect(old.code).toBe(1);
    expect(old.out).toContain("TCG doesn't support requested feature: CPUID.01H:ECX.x2apic [bit 21]");
  });

  it('definitions list every name with alias-of, as query-cpu-definitions does', async () => {
    const list = json((await cli('definitions --arch x86_64 --json')).out) as { name: string; 'alias-of'?: string }[];
    expect(list).toHaveLength(154);
    expect(list.find((d) => d.name === 'Westmere-IBRS')!['alias-of']).toBe('Westmere-v2');
    const legacy = json((await cli('definitions --arch x86_64 --machine pc-i440fx-4.0 --json')).out) as { 'alias-of'?: string }[];
    expect(legacy.every((d) => d['alias-of'] === undefined)).toBe(true);
  });

  it('explain cites the rule that decides, by file:line:col', async () => {
    const r = await cli('explain Westmere vme');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/`vme` is off in `Westmere`/);
    expect(r.out).toMatch(/@ rules\/x86_64\/accelerators\.yaml:\d+:\d+\]/);
  });

  it('comparison and baseline are cpumodel\'s own on x86 (QEMU has none); an s390x environment is unknown here', async () => {
    const cmp = await cli('compare Westmere Nehalem');
    expect([cmp.code, cmp.out.split('\n')[0]]).toEqual([0, 'Westmere is a superset of Nehalem']);
    const base = await cli('baseline Westmere Nehalem --json');
    expect(base.code).toBe(0);
    expect(JSON.parse(base.out)).toEqual({ model: { name: 'Nehalem', props: {} } });
    // --format cpu-spec and libvirt write the baseline (a named model with props) so that it rebuilds.
    const spec = await cli('baseline Skylake-Client Cascadelake-Server-v1 --format cpu-spec');
    const asJson = JSON.parse((await cli('baseline Skylake-Client Cascadelake-Server-v1 --json')).out) as { model: { name: string; props: Record<string, boolean> } };
    const rebuilt = JSON.parse((await cli(['expand', spec.out.trim(), '--json'])).out) as unknown;
    const direct = JSON.parse((await cli(['expand', [asJson.model.name, ...Object.keys(asJson.model.props).map((f) => `${f}=on`)].join(','), '--json'])).out) as unknown;
    expect([spec.code, rebuilt]).toEqual([0, direct]);
    expect((await cli('baseline Skylake-Client Cascadelake-Server-v1 --format libvirt')).out).toContain(`<model fallback='forbid'>${asJson.model.name}</model>`);
    const env = await cli('expand Westmere --arch x86_64 --env z15-lpar');
    expect([env.code, env.err]).toEqual([1, expect.stringContaining('error[env/unknown-environment]: unknown environment `z15-lpar`')]);
    expect(env.err).toContain('built-in environments: core-i5-650, epyc-rome, tcg, xeon-nested-kvm');
  });

  it('lists machines, models and features of the architecture', async () => {
    expect((await cli('machines --arch x86_64')).out).toMatch(/^pc-i440fx-4\.0 +legacy/m);
    expect((await cli('models --arch x86_64')).out).toMatch(/^Westmere-IBRS +Westmere-v2/m);
    expect((await cli('features --arch x86_64')).out).toMatch(/^x2apic +FEAT_1_ECX +21 +yes/m);
    expect((await cli('groups --arch x86_64')).code).toBe(2);
  });

  it('check, fmt --check and test pass on the built-in x86_64 rules', async () => {
    expect((await cli('check --arch x86_64')).out).toMatch(/^0 errors, \d+ warnings?$/m);
    expect((await cli('test --arch x86_64')).out).toMatch(/^\d+ passed, 0 failed$/m);
  });
});
