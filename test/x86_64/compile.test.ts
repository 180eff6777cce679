import { describe, expect, it } from 'vitest';
import type { X86Ast } from '../../src/target/x86_64/ast.js';
import { compileX86 } from '../../src/target/x86_64/compile/index.js';
import { ast, rulesFor } from './rules.js';

/** The compiler: each profile sees exactly QEMU's tables, every fact keeps its rule, absent names are diagnostics. */
describe('x86_64 compile', () => {
  const sizes = (v: '7.2' | '10.0') => {
    const r = rulesFor(v);
    const supportedFeatures = r.features.filter((f) => f.bits.every((b) => r.accel.supported.has(b))).length;
    return { words: r.words.length, features: r.features.length, aliases: r.aliases.length, dependencies: r.dependencies.length,
      definitions: r.definitions.length, classes: r.classes.length, tcgFeatures: supportedFeatures };
  };

  it('lowers each profile to QEMU\'s table sizes', () => {
    expect(sizes('7.2')).toEqual({ words: 36, features: 319, aliases: 32, dependencies: 24, definitions: 38, classes: 132, tcgFeatures: 75 });
    expect(sizes('10.0')).toEqual({ words: 43, features: 382, aliases: 32, dependencies: 36, definitions: 44, classes: 154, tcgFeatures: 106 });
  });

  it('INVARIANT (word-bits): a feature\'s bits lie in its word and name it back', () => {
    for (const v of ['7.2', '10.0'] as const) {
      const r = rulesFor(v);
      for (const f of r.features) {
        for (const b of f.bits) {
          expect(b >>> 6).toBe(f.word);
          expect(r.bitFeature[b]).toBe(f.index);
        }
      }
    }
  });

  it('interns words in enum order: 10.0 inserts words in the middle', () => {
    const idx = (v: '7.2' | '10.0', name: string) => rulesFor(v).words.findIndex((w) => w.name === name);
    expect(idx('7.2', 'FEAT_8000_0007_EDX')).toBe(8);
    expect(idx('10.0', 'FEAT_8000_0007_EDX')).toBe(9);
    expect(idx('10.0', 'FEAT_24_0_EBX')).toBe(42);
  });

  it('two-bit properties cover both bits', () => {
    const r = rulesFor('10.0');
    const kvmclock = r.features[r.featureIndex.get('kvmclock')!]!;
    expect(kvmclock.bits.map((b) => b & 63)).toEqual([0, 3]);
    const invept = r.features[r.featureIndex.get('vmx-invept-single-context')!]!;
    expect(invept.bits.map((b) => b & 63)).toEqual([25, 41]);
    expect(invept.parts.length).toBe(2);
  });

  it('resolves machines: compat arrays of every newer type, newest first, modes inherited', () => {
    const r = rulesFor('10.0');
    const m = (n: string) => r.machines[r.machineIndex.get(n)!]!;
    expect(m('none').globals).toEqual([]);
    expect(m('pc').aliasOf).toBe('pc-i440fx-10.0');
    expect(m('pc-i440fx-4.1').versionMode).toBe('default');
    expect(m('pc-i440fx-4.0').versionMode).toBe('legacy');
    expect(m('pc-i440fx-2.4').versionMode).toBe('legacy');
    expect(m('microvm').versionMode).toBe('latest');
    const keys = m('pc-i440fx-2.12').globals.map((g) => g.assign.rule.id.split(':')[1]);
    expect(keys.indexOf('pc_compat_3_1')).toBeLessThan(keys.indexOf('pc_compat_2_12'));
    expect(m('pc-i440fx-2.12').globals.some((g) => g.driver === 'Icelake-Client')).toBe(false);
  });

  it('keeps a rule reference with a span on every compiled fact', () => {
    const r = rulesFor('10.0');
    for (const fact of [...r.features, ...r.dependencies, ...r.definitions, ...r.levels, ...r.properties, ...r.machines]) {
      expect(fact.rule.id).not.toBe('');
      expect(fact.rule.span.file).toMatch(/x86_64\/.*\.yaml$/);
      expect(fact.rule.span.line).toBeGreaterThan(0);
    }
  });

  it('a name absent from a profile is a compile diagnostic with a did-you-mean', () => {
    const copy: X86Ast = JSON.parse(JSON.stringify(ast));
    const dep = copy.dependencies.find((d) => d.id.value.startsWith('avx10-any'))!;
    delete dep.since;
    const c = compileX86(copy, 'qemu-7.2');
    expect(c.rules).toBeNull();
    expect(c.diagnostics.map((d) => d.code)).toContain('compile/absent-name');
    expect(c.diagnostics.find((d) => d.code === 'compile/absent-name')!.message).toMatch(/does not exist in profile qemu-7\.2/);
  });

  it('an unknown profile is a diagnostic naming the profiles', () => {
    const c = compileX86(ast, 'qemu-9.9');
    expect(c.rules).toBeNull();
    expect(c.diagnostics[0]!.help).toBe('profiles: `qemu-7.2`, `qemu-10.0`');
  });
});
