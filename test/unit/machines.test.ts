import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleSetFromSources, type Diagnostic } from '../../src/index.js';
import { s390xEngine as builtinEngine, coreOf, Engine, machineNames } from '../s390x.js';

/** Compat machine types: rule checks, lowering, and the inheritance semantics. */
const VALID = readFileSync(join(import.meta.dirname, '..', 'golden', 'check', 'valid', 'rules.yaml'), 'utf8');
const withoutMachines = VALID.slice(0, VALID.indexOf('machines:'));

function check(machines: string): Diagnostic[] {
  const rs = ruleSetFromSources([{ name: 'rules.yaml', text: `${withoutMachines}machines:\n${machines}` }]);
  return rs.diagnostics;
}

const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.code}: ${d.message}${d.help ? ` | ${d.help}` : ''}`);

describe('machine rule checks', () => {
  it.each([
    ['an unknown definition', '  types:\n    - {name: m1, qemu_model: {definition: z14, features: MAX}}', 'check/unknown-definition: unknown CPU definition `z14` | did you mean `z13`?'],
    ['an unknown qemu list', '  types:\n    - {name: m1, qemu_model: {definition: z13, features: MAXX}}', 'check/unknown-qemu-list: unknown qemu feature list `MAXX` | did you mean `MAX`?'],
    ['an unknown feature', '  types:\n    - {name: m1, featoff: [{gen: 13, ga: 1, features: [vxe]}]}', 'check/unknown-name: unknown feature or group `vxe` | did you mean `vx`?'],
    ['an unknown level', '  types:\n    - {name: m1, featoff: [{gen: 16, ga: 1, features: [vx]}]}', 'check/unknown-generation-level: machine type `m1` switches features off from `GEN16_GA1`, which rules/generations does not declare'],
    ['a duplicate machine', '  types:\n    - {name: m1}\n    - {name: m1}', 'check/duplicate-name: machine type `m1` is declared twice | rename one of them, or remove the repeat'],
    ['an alias that is a machine', '  alias: m1\n  types:\n    - {name: m1}', 'check/duplicate-name: machine type `m1` is declared twice | rename one of them, or remove the repeat'],
    ['an unknown key', '  types:\n    - {name: m1, featof: []}', 'parse/unknown-key: unknown key `featof` in an entry of `types` | did you mean `featoff`?'],
  ])('reports %s', (_, yaml, expected) => {
    expect(brief(check(yaml))).toEqual([expected]);
  });

  it('accepts the valid case and lowers it with rule ids', () => {
    const rs = ruleSetFromSources([{ name: 'rules.yaml', text: VALID }]);
    expect(rs.diagnostics).toEqual([]);
    const r = rs.engine(undefined, { machine: 's390-ccw-virtio-6.1' });
    if (!('engine' in r)) throw new Error('no engine');
    const core = coreOf(r.engine);
    const m = core.rules.machines;
    expect(m.map((x) => x.name)).toEqual(['s390-ccw-virtio-10.0', 's390-ccw-virtio-6.1']); // 2.4 ends before 10.0
    expect(m[1]!.featoffs[0]!.edits.map((e) => `${e.rule.id}@${e.rule.span.line}:${e.rule.span.col}`))
      .toEqual(['machine/s390-ccw-virtio-6.1/featoff/GEN13_GA1@26:39', 'machine/s390-ccw-virtio-6.1/featoff/GEN13_GA1@26:43']);
    expect(core.catalog.get('z13')!.initial.count()).toBe(0);
  });
});

describe('machine semantics (built-in rules)', () => {
  const qemuOf = (profile: string, machine: string) => {
    const e = builtinEngine(profile, { machine });
    return `${e.catalog.get('qemu')!.def.name}+${e.machine.qemu.list}/${e.catalog.get('qemu')!.initial.count()}`;
  };

  it('gives each profile exactly its QEMU version\'s machines', () => {
    const names = (p: string) => machineNames(builtinEngine(p).rules).map((n) => n.replace('s390-ccw-virtio-', ''));
    expect(names('qemu-7.2')).toEqual(['none', 's390-ccw-virtio', '7.2', '7.1', '7.0', '6.2', '6.1', '6.0', '5.2', '5.1', '5.0', '4.2', '4.1', '4.0',
      '3.1', '3.0', '2.12', '2.11', '2.10', '2.9', '2.8', '2.7', '2.6', '2.5', '2.4']);
    expect(names('qemu-10.0').slice(0, 11)).toEqual(['none', 's390-ccw-virtio', '10.0', '9.2', '9.1', '9.0', '8.2', '8.1', '8.0', '7.2', '7.1']);
    expect(names('qemu-10.0').at(-1)).toBe('2.9');
  });

  it('lets the oldest machine\'s qemu model win, inherited by older machines without one', () => {
    expect(qemuOf('qemu-7.2', 'none')).toBe('gen15a+MAX/72');
    expect(qemuOf('qemu-7.2', 's390-ccw-virtio')).toBe('gen15a+MAX/72');
    expect(qemuOf('qemu-7.2', 's390-ccw-virtio-7.1')).toBe('gen15a+V7_1/68');
    expect(qemuOf('qemu-7.2', 's390-ccw-virtio-6.1')).toBe('z14.2+V6_2/66');
    expect(qemuOf('qemu-10.0', 's390-ccw-virtio-5.0')).toBe('z13.2+V6_0/62');
    expect(qemuOf('qemu-10.0', 's390-ccw-virtio-3.0')).toBe('zEC12.2+V3_1/55');
    expect(qemuOf('qemu-7.2', 's390-ccw-virtio-2.4')).toBe('z900+V2_11/26');
  });

  it('accumulates featoffs downward and touches only default sets from the given generation on', () => {
    const size = (machine: string | undefined, model: string) => builtinEngine('qemu-10.0', { machine }).catalog.get(model)!.initial.count();
    expect(size(undefined, 'gen16a') - size('s390-ccw-virtio-7.1', 'gen16a')).toBe(1);
    expect(size(undefined, 'gen16a') - size('s390-ccw-virtio-6.1', 'gen16a')).toBe(6);
    expect(size(undefined, 'gen15a') - size('s390-ccw-virtio-6.1', 'gen15a')).toBe(0);
    expect(size(undefined, 'z196') - size('s390-ccw-virtio-2.12', 'z196')).toBe(2);
    expect(size(undefined, 'z10EC.3') - size('s390-ccw-virtio-2.9', 'z10EC.3')).toBe(0);
    expect(size(undefined, 'gen16a-base')).toBe(size('s390-ccw-virtio-2.9', 'gen16a-base'));
  });

  it('records the KVM flag and the deprecation as data', () => {
    const m = (p: string, n: string) => builtinEngine(p).rules.machines.find((x) => x.name === `s390-ccw-virtio-${n}`)!;
    expect(['2.4', '2.7', '2.8'].map((n) => m('qemu-7.2', n).kvmCpuModels)).toEqual([false, false, true]);
    expect([m('qemu-7.2', '7.0').deprecated, m('qemu-10.0', '7.0').deprecated, m('qemu-10.0', '7.1').deprecated]).toEqual([false, true, false]);
  });

  it('rejects an unknown machine: a diagnostic from RuleSet.engine, an Error from builtinEngine and new Engine', () => {
    expect(() => builtinEngine('qemu-10.0', { machine: '6.2' })).toThrow('unknown machine type `6.2` in profile `qemu-10.0` (did you mean `s390-ccw-virtio-6.2`?)');
    const e = builtinEngine('qemu-10.0');
    expect(() => new Engine(e.rules, e.solution, { machine: 's390-ccw-virtio-2.4' })).toThrow('unknown machine type `s390-ccw-virtio-2.4`');
  });
});
