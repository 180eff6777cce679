import { describe, expect, it } from 'vitest';
import { cli, json } from './run.js';

describe('cpumodel explain / lint-model / --explain', () => {
  it('explain: a removal rule decides csske in gen15a, cited with file:line:col', async () => {
    const r = await cli('explain gen15a csske');
    expect(r.code).toBe(0);
    expect(r.out).toContain('`csske` is disabled in `gen15a`');
    expect(r.out).toMatch(/GEN15_GA1\/remove-default @ rules\/s390x\/generations\.yaml:\d+:\d+/);
  });

  it('explain --json: the tree as data with checkable facts', async () => {
    const tree = json(await cli('explain z14,vx=off vx --json')) as { fact: unknown; premises: { fact: unknown }[] };
    expect(tree.fact).toEqual({ kind: 'feature', feature: 'vx', value: false });
    expect(tree.premises[0]!.fact).toEqual({ kind: 'prop', key: 'vx', value: false });
  });

  it('explain: unknown model names its marketing name and close names, exit 1', async () => {
    const r = await cli('explain z15 vx');
    expect(r.code).toBe(1);
    expect(r.out).toContain("The CPU definition 'z15' is unknown.");
    expect(r.out).toContain('`gen15a` (IBM z15 T01 GA1)');
  });

  it('lint-model: QEMU 7.2 warnings for qemu,vx=off,esop=off and the smallest fix, exit 1', async () => {
    const r = await cli('lint-model qemu,vx=off,esop=off --profile qemu-7.2');
    expect(r.code).toBe(1);
    expect(r.out).toContain("warning: 'vxeh' requires 'vx'.\nwarning: 'sea_esop2' requires 'esop'.");
    expect(r.out).toContain('smallest fix: enable vx, esop');
  });

  it('lint-model: a consistent model exits 0', async () => {
    const r = await cli('lint-model z13');
    expect([r.code, r.out]).toEqual([0, '`z13` satisfies every dependency\n']);
  });

  it('compare --explain: a reason per responsible property and the verdict', async () => {
    const r = await cli('compare z14,te=off z13 --explain --depth 1');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('`z14,te=off` is incompatible with `z13` (different verdicts give incompatible)');
  });

  it('baseline --explain: one search path per fold step', async () => {
    const r = await cli('baseline qemu z14 gen15a --explain --depth 1');
    expect(r.out.match(/^baseline of /gm)).toHaveLength(2);
    expect(r.out).toContain('baseline of `qemu` and `z14` is z800-base');
  });

  it('definitions --explain: why gen16a-base cannot run under TCG', async () => {
    const r = await cli('definitions --explain --depth 1');
    expect(r.out).toContain('`gen16a-base` cannot run unchanged on the TCG maximum model (31 unavailable, for 2 reasons)');
  });

  it('rejects a bad --depth', async () => {
    expect((await cli('explain z14 vx --depth -1')).code).toBe(2);
  });
});
