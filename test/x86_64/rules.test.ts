import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/load/load.js';
import type { Versioned, X86Ast } from '../../src/target/x86_64/ast.js';
import { checkX86 } from '../../src/target/x86_64/check/index.js';
import { Ctx } from '../../src/target/x86_64/check/context.js';
import { parseX86 } from '../../src/target/x86_64/parse/index.js';

/**
 * The built-in x86_64 rules: they parse and check clean, and each profile
 * sees exactly QEMU's tables (the counts and a handful of facts a lossy
 * merge of the two QEMU versions into one source would break).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const { ast, diagnostics } = parseX86(loadSources([join(ROOT, 'rules/x86_64'), join(ROOT, 'models/x86_64')], ROOT));
const ctx = new Ctx(ast.profiles);
const P72 = 0, P100 = 1;

/** The entries of a list that exist in profile `p` (inside a parent entry when given). */
function inProfile<T extends Versioned>(list: readonly T[], p: number, parent?: Versioned): T[] {
  const mask = parent ? ctx.range(parent) : ctx.all;
  return list.filter((e) => ctx.range(e, mask) & (1 << p));
}

function view(a: X86Ast, p: number) {
  const defs = inProfile(a.definitions, p);
  const versions = defs.flatMap((d) => inProfile(d.versions, p, d).map((v) => ({ def: d, v })));
  return {
    words: inProfile(a.words, p).length,
    features: inProfile(a.features, p).length,
    aliases: inProfile(a.aliases, p).length,
    definitions: defs.length,
    versions: versions.length,
    versionAliases: versions.filter((x) => x.v.alias).length,
    dependencies: inProfile(a.dependencies, p).length,
  };
}

const tcg = ast.accelerators.find((a) => a.name.value === 'tcg')!;
const tcgFeatures = (p: number) => new Set(inProfile(tcg.supports, p).flatMap((s) => s.features.map((f) => f.value)));
const feature = (name: string) => ast.features.find((f) => f.name.value === name)!;
const definition = (name: string) => ast.definitions.find((d) => d.name.value === name)!;
const value = (x: { value: unknown }) => x.value;

describe('the built-in x86_64 rules', () => {
  it('parse and check without a diagnostic', () => {
    expect(diagnostics).toEqual([]);
    expect(checkX86(ast)).toEqual([]);
  });

  it('declare the two profiles, the default (10.0) last', () => {
    expect(ast.arch?.value).toBe('x86_64');
    expect(ast.profiles.map((p) => [p.name.value, p.qemu.value])).toEqual([['qemu-7.2', '7.2.22'], ['qemu-10.0', '10.0.2']]);
  });

  it('give each profile exactly QEMU\'s table sizes', () => {
    expect(view(ast, P72)).toEqual({ words: 36, features: 319, aliases: 32, definitions: 38, versions: 74, versionAliases: 17, dependencies: 24 });
    expect(view(ast, P100)).toEqual({ words: 43, features: 382, aliases: 32, definitions: 44, versions: 90, versionAliases: 17, dependencies: 36 });
  });

  it('keep the 7.2 enum order of words as a subsequence of 10.0\'s', () => {
    const order = (p: number) => inProfile(ast.words, p).map((w) => w.name.value);
    expect(order(P72).slice(7, 11)).toEqual(['FEAT_8000_0001_ECX', 'FEAT_8000_0007_EDX', 'FEAT_8000_0008_EBX', 'FEAT_C000_0001_EDX']);
    expect(order(P100).slice(7, 15)).toEqual(['FEAT_8000_0001_ECX', 'FEAT_8000_0007_EBX', 'FEAT_8000_0007_EDX', 'FEAT_8000_0008_EBX',
      'FEAT_8000_0021_EAX', 'FEAT_8000_0021_EBX', 'FEAT_8000_0022_EAX', 'FEAT_C000_0001_EDX']);
  });

  it('have the two-bit properties', () => {
    expect([feature('kvmclock').word.value, feature('kvmclock').bits.map(value)]).toEqual(['FEAT_KVM', [0, 3]]);
    expect([feature('vmx-invept-single-context').word.value, feature('vmx-invept-single-context').bits.map(value)])
      .toEqual(['FEAT_VMX_EPT_VPID_CAPS', [25, 41]]);
  });

  it('put the right features in the TCG masks per version', () => {
    expect([tcgFeatures(P72).size, tcgFeatures(P100).size]).toEqual([75, 106]);
    expect([tcgFeatures(P72).has('pcommit'), tcgFeatures(P100).has('pcommit')]).toEqual([true, false]);
    expect([tcgFeatures(P72).has('x2apic'), tcgFeatures(P100).has('x2apic')]).toEqual([false, true]);
  });

  it('version the definitions QEMU 10.0 added', () => {
    const names = (p: number) => inProfile(ast.definitions, p).map((d) => d.name.value);
    expect(names(P100).filter((n) => !names(P72).includes(n)))
      .toEqual(['SapphireRapids', 'GraniteRapids', 'SierraForest', 'ClearwaterForest', 'EPYC-Genoa', 'YongFeng']);
    expect(definition('SapphireRapids').since?.value).toBe('10.0');
    expect(inProfile(definition('Icelake-Server').versions, P72).length).toBe(6);
    expect(inProfile(definition('Icelake-Server').versions, P100).length).toBe(7);
  });

  it('give Haswell-v4 its cumulative props v1..v4', () => {
    const props = definition('Haswell').versions.slice(0, 4).flatMap((v) => v.props.map((p) => [p.key.value, p.value.value]));
    expect(props).toEqual([
      ['hle', false], ['rtm', false], ['stepping', 1], ['model-id', 'Intel Core Processor (Haswell, no TSX)'],
      ['hle', true], ['rtm', true], ['stepping', 4], ['spec-ctrl', true], ['model-id', 'Intel Core Processor (Haswell, IBRS)'],
      ['hle', false], ['rtm', false], ['stepping', 1], ['model-id', 'Intel Core Processor (Haswell, no TSX, IBRS)'],
    ]);
    expect(definition('Haswell').versions.map((v) => v.alias?.value))
      .toEqual([undefined, 'Haswell-noTSX', 'Haswell-IBRS', 'Haswell-noTSX-IBRS']);
  });

  it('keep the raw model table: unnamed bits and cache descriptions', () => {
    expect(definition('Westmere').bits.map((b) => [b.word.value, b.bits.map(value)])).toEqual([['FEAT_VMX_EPT_VPID_CAPS', [14]]]);
    expect(definition('EPYC').cache?.value).toBe('epyc_cache_info');
    expect(definition('EPYC').versions.map((v) => v.cache?.value)).toEqual([undefined, undefined, undefined, 'epyc_v4_cache_info']);
  });

  it('list the dependency rows in QEMU\'s order with stable ids', () => {
    const ids = (p: number) => inProfile(ast.dependencies, p).map((d) => d.id.value);
    expect(ids(P72)).toEqual(ids(P100).slice(0, 24));
    expect(ids(P100).slice(0, 4)).toEqual(['arch-capabilities/msr', 'core-capability/msr', 'pdcm/perf-capabilities-msr', 'vmx/procbased-ctls']);
    const ept = ast.dependencies.find((d) => d.id.value === 'vmx-ept/ept-caps-0-31')!;
    expect(ept.clear).toMatchObject({ kind: 'bits', word: { value: 'FEAT_VMX_EPT_VPID_CAPS' }, bits: [{ value: '0-31' }] });
    expect(ast.dependencies.find((d) => d.id.value === 'avx10-any/avx10')!.ifNone.map(value)).toEqual(['avx10-128', 'avx10-256', 'avx10-512']);
  });

  it('resolve unversioned names per machine as QEMU does live', () => {
    const m = ast.machines[0]!;
    const i440fx = m.families.find((f) => f.name.value === 'pc-i440fx')!;
    expect(i440fx.types.find((t) => t.cpuVersion)?.version.value).toBe('4.0');
    expect(m.others.map((o) => [o.name.value, o.cpuVersion?.value])).toEqual([['microvm', 'latest'], ['isapc', 'legacy'], ['x-remote', 'default']]);
    expect(inProfile(i440fx.types, P72).at(-1)?.version.value).toBe('1.4');
    expect(inProfile(i440fx.types, P100).at(-1)?.version.value).toBe('2.4');
  });

  it('record lbr-fmt\'s default exactly and the max-only properties', () => {
    const prop = (n: string) => ast.properties.find((p) => p.name.value === n)!;
    expect(prop('lbr-fmt').default?.value).toBe('18446744073709551552');
    expect(prop('migratable').models.map(value)).toEqual(['max', 'host']);
    expect([prop('unavailable-features').writable, prop('unavailable-features').expanded]).toEqual([false, false]);
  });

  it('record one full-expansion key order per profile and model kind', () => {
    const sizes = (p: number) => inProfile(ast.keyOrders, p).map((k) => [k.models.value, k.keys.length]);
    expect(sizes(P72)).toEqual([['named', 430], ['max', 432]]);
    expect(sizes(P100)).toEqual([['named', 499], ['max', 501]]);
  });
});
