import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRules, type RuleSet } from '../../src/index.js';
import { diffSides } from '../../src/diff/diff.js';
import { requestKey } from '../../src/diff/space.js';
import type { DiffSection, QueryRequest } from '../../src/diff/types.js';
import { parseExpressions } from '../../src/whatif/ops.js';
import { whatIf } from '../../src/whatif/whatif.js';
import { cli } from '../cli/run.js';

/**
 * The answer space of `diff` and `what-if` is every request a user can
 * make, not only bare model names: the cases of issue 11 where the diff said
 * "no answer changes" though answers changed.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const base = openRules();

async function diff(edited: RuleSet, profile = 'qemu-10.0'): Promise<DiffSection> {
  const s = await diffSides({ label: 'base', ruleSet: base, profile }, { label: 'edited', ruleSet: edited, profile });
  if ('diagnostics' in s) throw new Error(s.diagnostics.map((d) => d.message).join('\n'));
  return s;
}

function edited(exprs: string[]): RuleSet {
  const w = whatIf(base, parseExpressions(exprs).ops);
  expect(w.problems).toEqual([]);
  expect(w.ruleSet.ok).toBe(true);
  return w.ruleSet;
}

const changedRequests = (s: DiffSection): QueryRequest[] => [...s.answers.changed.map((c) => c.request), ...s.answers.unlisted];
const expansion = (name: string, props?: Record<string, boolean>): QueryRequest =>
  ({ execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: props ? { name, props } : { name } } });

describe('the diff sees every changed answer', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('vxeh3 added to GEN16\'s full list: `expand gen16a,vxeh3=on` goes from an error to an answer', async () => {
    const s = await diff(edited(['generations.GEN16_GA1.full+=vxeh3']));
    const change = s.answers.changed.find((c) => requestKey(c.request) === requestKey(expansion('gen16a', { vxeh3: true })));
    expect(change).toBeDefined();
    expect('error' in change!.old && 'return' in change!.new).toBe(true);
    expect(change!.deltas.flatMap((d) => d.causes).map((id) => s.causes.find((c) => c.id === id)!.kind)).toContain('set-change');
    const text = (await cli(['what-if', '--base', 'qemu-10.0', '--set', 'generations.GEN16_GA1.full+=vxeh3'])).out;
    expect(text).toContain('gen16a,vxeh3=on');
    expect(text).not.toContain('no changes');
  });

  // The case was z/VM; a KVM inside z/VM is now refused as impossible (its answers are that
  // error on both sides), so the same edit is made for the nested KVM guest.
  it('an environment rule taking nnpa away in a KVM guest changes the z16 nested-KVM host model, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpumodel-space-'));
    dirs.push(dir);
    cpSync(join(ROOT, 'rules', 's390x'), join(dir, 'rules'), { recursive: true });
    cpSync(join(ROOT, 'models', 's390x'), join(dir, 'models'), { recursive: true });
    appendFileSync(join(dir, 'rules', 'environment.yaml'), `
  - id: kvm-guest-no-nnpa
    reason: "test: no NNPA for a KVM in a KVM guest"
    when: {all: [{fact: hypervisor, operator: equal, value: kvm}]}
    unavailable: [nnpa]
`);
    const copy = openRules([join(dir, 'rules'), join(dir, 'models')]);
    expect(copy.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const s = await diff(copy);
    const nested = changedRequests(s).filter((r) => r.arguments?.environment === 'z16-nested-kvm');
    expect(nested.length).toBeGreaterThan(0);
    expect([...new Set(changedRequests(s).map((r) => r.arguments?.environment))]).toEqual(['z16-nested-kvm']);
    const host = s.answers.changed.find((c) => c.request.execute === 'host-model' && c.request.arguments?.environment === 'z16-nested-kvm' && c.request.arguments.type === 'static');
    expect(host).toBeDefined();
    expect(host!.deltas.some((d) => d.key === 'nnpa')).toBe(true);
    expect(host!.deltas.flatMap((d) => d.causes).map((id) => s.causes.find((c) => c.id === id)!.summary).join('\n')).toContain('kvm-guest-no-nnpa');
  });

  it('`dependencies.vx+=vxeh`: z13 now warns at VM start', async () => {
    const s = await diff(edited(['dependencies.vx+=vxeh']));
    const start = s.answers.changed.find((c) => c.request.execute === 'realize' && requestKey(c.request).includes('"z13"') && !c.request.arguments?.machine);
    expect(start).toBeDefined();
    expect(start!.deltas.map((d) => [d.key, d.new])).toContainEqual([expect.stringContaining("'vx' requires 'vxeh'"), true]);
    expect(start!.deltas[0]!.causes.map((id) => s.causes.find((c) => c.id === id)!.summary)).toEqual(['dependency `requires/vx/vxeh` added (vx requires vxeh)']);
  });

  it('an edit and its revert: no answer changes over the whole space', async () => {
    const s = await diff(edited(['generations.GEN16_GA1.full+=vxeh3', 'generations.GEN16_GA1.full-=vxeh3']));
    expect(changedRequests(s)).toEqual([]);
    expect(s.answers.compared).toBeGreaterThan(50_000);
  });
});
