import { describe, expect, it } from 'vitest';
import { openRules } from '../../src/index.js';
import { diffSides } from '../../src/diff/diff.js';
import type { DiffSection, QueryRequest } from '../../src/diff/types.js';
import { parseExpressions } from '../../src/whatif/ops.js';
import { whatIf } from '../../src/whatif/whatif.js';
import type { RuleSetAst } from '../../src/target/s390x/parse/ast.js';

/** what-if edits every kind of s390x rule entry: features, groups, environment rules, machine types. */
const base = openRules();

function applied(exprs: string[]) {
  const parsed = parseExpressions(exprs);
  expect(parsed.problems).toEqual([]);
  return whatIf(base, parsed.ops);
}

async function diff(exprs: string[]): Promise<DiffSection> {
  const w = applied(exprs);
  expect(w.problems).toEqual([]);
  expect(w.ruleSet.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const s = await diffSides({ label: 'a', ruleSet: base, profile: 'qemu-10.0' }, { label: 'b', ruleSet: w.ruleSet, profile: 'qemu-10.0' });
  if ('diagnostics' in s) throw new Error('does not compile');
  return s;
}

const all = (s: DiffSection): QueryRequest[] => [...s.answers.changed.map((c) => c.request), ...s.answers.unlisted];

describe('what-if edits rule entries', () => {
  it('a new feature, put into a generation\'s full set', async () => {
    const s = await diff(['features+={name: vxeh9, type: STFL, bit: 251}', 'generations.GEN17_GA1.full+=vxeh9']);
    expect(s.features.added).toEqual(['vxeh9']);
    expect(s.sets.map((c) => [c.definition, c.set, c.gained])).toContainEqual(['gen17a', 'full', ['vxeh9']]);
  });

  it('a feature removed, a field set', () => {
    const ast = applied(['features.vxeh3.desc=changed', 'groups-=msa9']).ast as RuleSetAst;
    expect(ast.features.find((f) => f.name.value === 'vxeh3')!.desc).toBe('changed');
    expect(ast.groups.some((g) => g.name.value === 'msa9')).toBe(false);
    const gone = applied(['features-=nosuch']);
    expect(gone.problems.map((p) => p.message)).toEqual(['no feature `nosuch`']);
  });

  it('an environment rule added: only answers under the environments it fires in change', async () => {
    const s = await diff(['environment_rules+={id: lpar-no-nnpa, when: {all: [{fact: hypervisor, operator: equal, value: lpar}]}, unavailable: [nnpa]}']);
    const envs = new Set(all(s).map((r) => r.arguments?.environment));
    expect(envs.has('z16-lpar')).toBe(true);
    expect(envs.has(undefined)).toBe(false);
    expect(s.causes.map((c) => c.summary)).toContain('environment rule `lpar-no-nnpa` added');
  });

  it('an environment rule\'s lists and condition', () => {
    const ast = applied(['environment_rules.bpb-needs-capability.unavailable+=ppa15', 'environment_rules.zvm-no-sie.when={all: [{fact: hypervisor, operator: equal, value: kvm}]}']).ast as RuleSetAst;
    expect(ast.envRules.find((r) => r.id.value === 'bpb-needs-capability')!.unavailable.map((n) => n.value)).toEqual(['bpb', 'ppa15']);
    expect(JSON.stringify(ast.envRules.find((r) => r.id.value === 'zvm-no-sie')!.when.tree)).toContain('kvm');
  });

  it('a machine type switching a feature off: answers on that machine (and older ones) change', async () => {
    const s = await diff(['machines.s390-ccw-virtio-9.2.featoff+={gen: 14, ga: 1, features: [vxeh2]}']);
    const machines = new Set(all(s).map((r) => r.arguments?.machine).filter(Boolean));
    expect(machines.has('s390-ccw-virtio-9.2')).toBe(true);
    expect(machines.has('s390-ccw-virtio-10.0')).toBe(false);
  });

  it('a machine type added (as the newest), a group added', () => {
    const ast = applied(['machines+={name: s390-ccw-virtio-10.1, since: "10.1"}', 'groups+={name: msa99, members: [km-aes-128]}']).ast as RuleSetAst;
    expect(ast.machines[0]!.name.value).toBe('s390-ccw-virtio-10.1');
    expect(ast.groups.at(-1)!.members.map((m) => m.value)).toEqual(['km-aes-128']);
  });
});
