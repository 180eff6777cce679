import { Random } from '../../src/util/random.js';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/qmp/json-write.js';
import { NOT_AN_OBJECT, type ModelRequest, type Result } from '../../src/target/types.js';
import { expandFeatures } from '../../src/target/x86_64/engine/expand.js';
import { compilePropsWriter, fullKeys, propsOf, staticKeys } from '../../src/target/x86_64/engine/output.js';
import { engineFor, VERSIONS, type Version } from './rules.js';
import { X86_64 } from '../../src/target/x86_64/info.js';

/**
 * The engine against QEMU's documented answers (qemu-x86.md Appendix E,
 * recorded from the live binaries): instance building, props order, errors
 * per version, expansion shapes, definitions. The live test checks the rest.
 */
const props = (entries: Record<string, unknown>): ModelRequest['props'] =>
  Object.entries(entries).map(([k, v]) => [k, typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v] as const);

function staticOf(v: Version, name: string, p: Record<string, unknown> = {}): Record<string, unknown> {
  const r = engineFor(v).expand({ name, props: props(p) }, 'static');
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.model.props!;
}

function errorOf<T>(v: Version, r: Result<T>): string {
  if (r.ok) throw new Error('expected an error');
  return engineFor(v).errorText(r.error);
}

describe('x86_64 engine: expansion', () => {
  it.each(VERSIONS)('%s: static is `base` with every static key, full keeps the name', (v) => {
    const e = engineFor(v);
    const s = e.expand({ name: 'Westmere-IBRS' }, 'static');
    const f = e.expand({ name: 'Westmere-IBRS' }, 'full');
    const m = e.expand({ name: 'host' }, 'full');
    expect(s.ok && s.value.model.name).toBe('base');
    expect(s.ok && Object.keys(s.value.model.props!).length).toBe(v === '7.2' ? 327 : 390);
    expect(f.ok && f.value.model.name).toBe('Westmere-IBRS');
    expect(f.ok && Object.keys(f.value.model.props!).length).toBe(v === '7.2' ? 430 : 499);
    expect(m.ok && Object.keys(m.value.model.props!).length).toBe(v === '7.2' ? 432 : 501);
  });

  it.each(VERSIONS)('%s: props apply in QDict order, so sse3 (bucket 254) wins over pni (bucket 184)', (v) => {
    expect(staticOf(v, 'Westmere', { sse3: false, pni: true }).pni).toBe(false);
    expect(staticOf(v, 'Westmere', { pni: false, sse3: true }).pni).toBe(true);
  });

  it.each(VERSIONS)('%s: dependencies in one pass, the TCG zero word, no invented dependencies', (v) => {
    expect(staticOf(v, 'Westmere', { 'vmx-ept': true })['vmx-ept']).toBe(false);
    expect(staticOf(v, 'Westmere', { vmx: true })['vmx-ept']).toBe(true);
    expect(staticOf(v, 'Westmere', { kvmclock: true }).kvmclock).toBe(false);
    expect(staticOf(v, 'Westmere', { avx: true })).toMatchObject({ avx: true, xsave: false });
    expect(staticOf(v, 'Icelake-Server-v4', { 'arch-capabilities': false })['rdctl-no']).toBe(false);
  });

  it('max: family/model/stepping are set at creation in 7.2, at realize in 10.0', () => {
    expect(staticOf('7.2', 'max')).toMatchObject({ family: 15, model: 107, stepping: 1, vendor: 'AuthenticAMD', 'min-xlevel': 2147483658 });
    expect(staticOf('10.0', 'max')).toMatchObject({ family: 0, model: 0, stepping: 0 });
    expect(Object.values(staticOf('7.2', 'max')).filter((x) => x === true).length).toBe(75);
    expect(Object.values(staticOf('10.0', 'max')).filter((x) => x === true).length).toBe(87);
    expect(staticOf('10.0', 'max', { migratable: false })).toEqual(staticOf('10.0', 'max'));
  });

  it('levels: raised by words in use, filled when unset, kept when set', () => {
    const e = engineFor('10.0');
    const full = (name: string, p: Record<string, unknown> = {}) => {
      const r = e.expand({ name, props: props(p) }, 'full');
      return r.ok ? r.value.model.props! : {};
    };
    expect(full('max')['level-func7']).toBe(1);
    expect(engineFor('7.2').expand({ name: 'max' }, 'full')).toMatchObject({ value: { model: { props: { 'level-func7': 0 } } } });
    expect(full('GraniteRapids')['level-func7']).toBe(2);
    expect(full('YongFeng')['min-xlevel2']).toBe(0xc0000001);
    expect(full('Westmere', { level: 20 })).toMatchObject({ level: 20, 'min-level': 11 });
    expect(full('Westmere', { 'intel-pt': true })['min-level']).toBe(0x14);
  });

  it.each(VERSIONS)('%s: integers above 2^53 stay exact (lbr-fmt)', (v) => {
    const r = engineFor(v).expand({ name: 'Westmere' }, 'full');
    expect(r.ok && r.value.model.props!['lbr-fmt']).toBe(18446744073709551552n);
    expect(r.ok && toJson(r.value)).toContain('"lbr-fmt": 18446744073709551552');
  });

  it.each(VERSIONS)('%s: static keys print in QEMU\'s QDict order', (v) => {
    const text = toJson(engineFor(v).expand({ name: 'Westmere' }, 'static'));
    const first = v === '10.0' ? '{"ok": true, "value": {"model": {"name": "base", "props": {"avx-ne-convert": false, "vmx-entry-load-rtit-ctl": false, "svme-addr-chk": false'
      : '{"ok": true, "value": {"model": {"name": "base", "props": {"vmx-entry-load-rtit-ctl": false';
    expect(text.startsWith(first)).toBe(true);
  });

  it.each(VERSIONS)('%s: the compiled answer writer agrees with the reference loop on every class', (v) => {
    const e = engineFor(v);
    const keys = staticKeys(e.rules);
    const write = compilePropsWriter(keys);
    for (const cls of e.rules.classes) {
      const s = e.instance(cls);
      expandFeatures(e.core, cls, s);
      expect(write(s)).toEqual(propsOf(keys, s));
      const fk = fullKeys(e.core, cls);
      expect(JSON.stringify(Object.keys(compilePropsWriter(fk)(s)))).toBe(JSON.stringify(Object.keys(propsOf(fk, s))));
    }
  });

  it.each(VERSIONS)('%s: answers patched from a class\'s template equal the reference loop, for random props', (v) => {
    const e = engineFor(v);
    const rng = new Random(9);
    const features = e.rules.features.map((f) => f.name);
    const aliases = e.rules.aliases.filter((a) => a.target.kind === 'feature').map((a) => a.alias);
    const scalars: [string, () => unknown][] = [['family', () => rng.int(300)], ['model-id', () => `m${rng.int(9)}`], ['level', () => rng.int(40)],
      ['min-level', () => rng.int(40)], ['vendor', () => rng.pick(['GenuineIntel', 'AuthenticAMD'])], ['migratable', () => rng.chance(0.5)]];
    let checked = 0;
    for (let n = 0; n < 600; n++) {
      const cls = rng.pick(e.rules.classes);
      const entries: [string, unknown][] = Array.from({ length: rng.int(6) }, () => (rng.chance(0.7)
        ? [rng.pick(rng.chance(0.8) ? features : aliases), rng.chance(0.5)]
        : (([k, f]) => [k, f()])(rng.pick(scalars))) as [string, unknown]);
      for (const type of ['static', 'full'] as const) {
        const answer = e.expand({ name: cls.name, props: entries }, type);
        const built = e.expanded({ name: cls.name, props: entries });
        expect(answer.ok, `${cls.name} ${JSON.stringify(entries)}`).toBe(built.ok);
        if (!answer.ok || !built.ok) continue;
        const keys = type === 'static' ? staticKeys(e.rules) : fullKeys(e.core, cls);
        const reference = propsOf(keys, built.value.state);
        const text = (entries: unknown) => JSON.stringify(entries, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
        expect(text(Object.entries(answer.value.model.props!))).toBe(text(Object.entries(reference)));
        const list = e.expandList({ name: cls.name, props: entries }, type);
        if (!list.ok) throw new Error('expandList failed where expand did not');
        const { keys: names, values } = list.value.model.props;
        expect(list.value.model.name).toBe(answer.value.model.name);
        expect(text(names.map((k, i) => [k, values[i]]))).toBe(text(Object.entries(reference)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('list answers without a change are the class\'s own list (recurring); a changed one is a copy, the template untouched', () => {
    const e = engineFor('10.0');
    const list = (entries?: Record<string, unknown>) => {
      const r = e.expandList({ name: 'Westmere', ...(entries ? { props: props(entries) } : {}) }, 'full');
      if (!r.ok) throw new Error('expandList failed');
      return r.value.model.props;
    };
    const a = list(), b = list();
    expect(a.recurs && b.recurs).toBe(true);
    expect(b.values).toBe(a.values);
    const before = [...a.values];
    const c = list({ aes: false, family: 20 });
    expect(c.recurs).toBe(false);
    expect(c.values).not.toBe(a.values);
    expect(c.values[a.keys.indexOf('aes')]).toBe(false);
    expect(list().values).toEqual(before);
  });

  it('answers every listing its architecture info names, and no other', () => {
    const e = engineFor('10.0');
    for (const kind of X86_64.listings) expect(e.listing(kind), kind).not.toBeNull();
    expect(e.listing('groups')).toBeNull();
  });

  it('the scratch instance does not leak between requests', () => {
    const e = engineFor('10.0');
    const a = e.expand({ name: 'Westmere', props: props({ aes: false, family: 20 }) }, 'static');
    const b = e.expand({ name: 'Westmere' }, 'static');
    expect(a.ok && a.value.model.props).toMatchObject({ aes: false, family: 20 });
    expect(b.ok && b.value.model.props).toMatchObject({ aes: true, family: 6 });
  });
});

describe('x86_64 engine: errors per version', () => {
  const expandError = (v: Version, name: string, p: ModelRequest['props']) => errorOf(v, engineFor(v).expand({ name, props: p }, 'static'));

  it.each([
    ['foo', true, "Property 'Westmere-x86_64-cpu.foo' not found", "Property 'Westmere-x86_64-cpu.foo' not found"],
    ['aes', 'on', "Invalid parameter type for 'aes', expected: boolean", "Invalid parameter type for 'model.props.aes', expected: boolean"],
    ['family', '6', "Invalid parameter type for 'family', expected: integer", "Parameter 'model.props.family' expects uint64"],
    ['family', 300, 'Property .family doesn\'t take value 300 (minimum: 0, maximum: 270)', "parameter 'family' can be at most 270"],
    ['family', -1, 'Property .family doesn\'t take value -1 (minimum: 0, maximum: 270)', "parameter 'family' can be at most 270"],
    ['stepping', 16, 'Property .stepping doesn\'t take value 16 (minimum: 0, maximum: 15)', "parameter 'stepping' can be at most 15"],
    ['vendor', 'Intel', "Property '.vendor' doesn't take value 'Intel'", "value of property 'vendor' must consist of exactly 12 characters"],
    ['min-level', -1, "Parameter 'min-level' expects uint32_t", "Parameter 'min-level' expects uint32_t"],
    ['level', 'x', "Parameter 'level' expects uint64", "Parameter 'model.props.level' expects uint64"],
    ['hv-no-nonarch-coresharing', 'bogus', "Parameter 'hv-no-nonarch-coresharing' does not accept value 'bogus'", "Parameter 'hv-no-nonarch-coresharing' does not accept value 'bogus'"],
    ['unavailable-features', [], "Property 'Westmere-x86_64-cpu.unavailable-features' is not writable", "Property 'Westmere-x86_64-cpu.unavailable-features' is not writable"],
    ['migratable', false, "Property 'Westmere-x86_64-cpu.migratable' not found", "Property 'Westmere-x86_64-cpu.migratable' not found"],
    ['realized', true, 'apic-id property was not initialized properly', 'apic-id property was not initialized properly'],
    ['hv_relaxed', true, "Property 'Westmere-x86_64-cpu.hv_relaxed' not found", "Property 'Westmere-x86_64-cpu.hv_relaxed' not found"],
  ])('%s = %j', (key, value, t72, t100) => {
    const p = props({ [key]: value });
    expect(expandError('7.2', 'Westmere', p)).toBe(t72);
    expect(expandError('10.0', 'Westmere', p)).toBe(t100);
  });

  it('unknown names, case and type names', () => {
    for (const name of ['Foo', 'westmere', 'Westmere-x86_64-cpu', '']) expect(expandError('10.0', name, undefined)).toBe(`CPU model '${name}' not found`);
    expect(expandError('10.0', 'Westmere-IBRS', props({ foo: true }))).toBe("Property 'Westmere-IBRS-x86_64-cpu.foo' not found");
  });

  it('7.2 ignores a props that is not an object; 10.0 rejects it once the name is known', () => {
    const e72 = engineFor('7.2').expand({ name: 'Westmere', props: NOT_AN_OBJECT }, 'static');
    expect(e72.ok && e72.value.model.props!.aes).toBe(true);
    expect(expandError('10.0', 'Westmere', NOT_AN_OBJECT)).toBe("Invalid parameter type for 'model.props', expected: object");
    expect(expandError('10.0', 'Nope', NOT_AN_OBJECT)).toBe("CPU model 'Nope' not found");
  });

  it('a non-integer lbr-fmt (QEMU aborts) is a GenericError and the engine keeps answering', () => {
    const e = engineFor('10.0');
    for (const value of ['x', 1.5, true, null, 2n ** 64n]) {
      const r = e.expand({ name: 'Westmere', props: [['lbr_fmt', value]] }, 'full');
      expect(r.ok).toBe(false);
      if (!r.ok) expect([e.errorClass(r.error), r.error.code]).toEqual(['GenericError', 'not-supported']);
    }
    expect(e.expand({ name: 'Westmere', props: [['lbr-fmt', 64n]] }, 'full')).toMatchObject({ ok: false, error: { desc: "Property value for 'lbr-fmt' has bits outside mask '0x3f'" } });
    expect(e.expand({ name: 'Westmere' }, 'full').ok).toBe(true);
  });

  it('setters: model-id cut at 48 bytes, tsc-frequency in kHz, links resolve to the canonical path', () => {
    const e = engineFor('10.0');
    const full = (p: Record<string, unknown>) => {
      const r = e.expand({ name: 'Westmere', props: props(p) }, 'full');
      return r.ok ? r.value.model.props! : {};
    };
    expect(full({ 'model-id': 'x'.repeat(60) })['model-id']).toBe('x'.repeat(48));
    expect(full({ 'model-id': `a${'é'.repeat(30)}` })['model-id']).toBe(`a${'é'.repeat(23)}\ufffd`);
    expect(full({ 'tsc-frequency': 2500000123 })['tsc-frequency']).toBe(2500000000);
    expect(full({ memory: 'system[0]' }).memory).toBe('/machine/unattached/system[0]');
    expect(e.expand({ name: 'Westmere', props: [['memory', 'x']] }, 'full')).toMatchObject({ ok: false, error: { errorClass: 'DeviceNotFound' } });
  });
});

describe('x86_64 engine: query-cpu-definitions', () => {
  it('order, fields and the first entries as QEMU prints them', () => {
    const text = toJson(engineFor('10.0').definitions().slice(0, 4));
    expect(text).toBe('[{"name": "max", "typename": "max-x86_64-cpu", "unavailable-features": [], "static": false, "migration-safe": false, "deprecated": false}, '
      + '{"name": "host", "typename": "host-x86_64-cpu", "unavailable-features": ["kvm"], "static": false, "migration-safe": false, "deprecated": false}, '
      + '{"name": "base", "typename": "base-x86_64-cpu", "unavailable-features": [], "static": true, "migration-safe": true, "deprecated": false}, '
      + '{"name": "qemu64-v1", "typename": "qemu64-v1-x86_64-cpu", "unavailable-features": [], "static": false, "migration-safe": true, "deprecated": false}]');
  });

  it('unavailable-features in word order (Appendix D, E.3)', () => {
    const unavailable = (v: Version, name: string, machine?: string) =>
      engineFor(v, machine ? { machine } : {}).definitions().find((d) => d.name === name)!['unavailable-features'];
    expect(unavailable('7.2', 'SandyBridge')).toEqual(['x2apic', 'tsc-deadline']);
    expect(unavailable('10.0', 'SandyBridge')).toEqual(['tsc-deadline']);
    expect(unavailable('10.0', 'Snowridge-v4')).toEqual(['tsc-deadline', 'gfni', 'cldemote', 'movdiri', 'movdir64b', 'spec-ctrl', 'arch-capabilities', 'ssbd', 'xsavec', 'xsaves']);
    expect(unavailable('10.0', 'SapphireRapids').slice(-3)).toEqual(['xsavec', 'xsaves', 'xfd']);
    expect(unavailable('10.0', 'Westmere')).toEqual([]);
  });

  it('alias-of: v1 by default, latest under microvm, none at all on legacy machines', () => {
    const aliasOf = (machine: string | undefined, name: string) =>
      engineFor('10.0', machine ? { machine } : {}).definitions().find((d) => d.name === name)!['alias-of'];
    expect(aliasOf(undefined, 'Westmere')).toBe('Westmere-v1');
    expect(aliasOf(undefined, 'Westmere-IBRS')).toBe('Westmere-v2');
    expect(aliasOf(undefined, 'Westmere-v1')).toBeUndefined();
    expect(aliasOf('microvm', 'Haswell')).toBe('Haswell-v4');
    expect(aliasOf('microvm', 'Icelake-Server')).toBe('Icelake-Server-v7');
    expect(aliasOf('pc-i440fx-4.0', 'Westmere-IBRS')).toBeUndefined();
  });
});

describe('x86_64 engine: names, hints and listings', () => {
  const e = engineFor('10.0');

  it('hints say did-you-mean over models and properties', () => {
    expect(e.hint({ code: 'unknown-model', name: 'Westmeer' })).toBe('did you mean `Westmere`?');
    expect(e.hint({ code: 'property-not-found', typename: 'Westmere-x86_64-cpu', key: 'avx2x' })).toBe('did you mean `avx2`?');
  });

  it('names: every class, every writable property', () => {
    expect(e.modelNames().length).toBe(154);
    expect(e.propertyNames()).toContain('sse4_1');
    expect(e.propertyNames()).toContain('tsc-frequency');
    expect(e.propertyNames()).not.toContain('unavailable-features');
    expect(e.describeModel('Westmere')).toBe('Westmere E56xx/L56xx/X56xx (Nehalem-C)');
  });

  it('listings: models, features, machines; none of other kinds', () => {
    const models = e.listing('models');
    const features = e.listing('features');
    const machines = e.listing('machines');
    expect(models?.ok && models.value.rows.find((r) => r[0] === 'Westmere-IBRS')).toEqual(['Westmere-IBRS', 'Westmere-v2', 'Westmere E56xx/L56xx/X56xx (IBRS update)']);
    expect(features?.ok && features.value.rows.find((r) => r[0] === 'x2apic')).toEqual(['x2apic', 'FEAT_1_ECX', '21', 'yes']);
    expect(machines?.ok && machines.value.rows.find((r) => r[0] === 'pc-i440fx-4.0')?.[1]).toBe('legacy');
    expect(e.listing('groups')).toBeNull();
  });
});
