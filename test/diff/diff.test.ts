import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerDeltas } from '../../src/diff/space.js';
import type { DiffReport } from '../../src/diff/types.js';
import { cli } from '../cli/run.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('answer deltas (semantic equality)', () => {
  it('compares maps by key and lists as sets', () => {
    expect(answerDeltas({ a: [1, 2], b: { x: true } }, { b: { x: true }, a: [2, 1] })).toEqual([]);
    expect(answerDeltas({ props: { vx: true } }, { props: { vx: false, te: true } })).toEqual([
      { path: ['props'], key: 'vx', old: true, new: false }, { path: ['props'], key: 'te', old: undefined, new: true }]);
    expect(answerDeltas({ l: ['a', 'b'] }, { l: ['b', 'c'] })).toEqual([
      { path: ['l'], key: 'a', item: true, old: true }, { path: ['l'], key: 'c', item: true, new: true }]);
  });

  it('a key present on one side is a difference even when its value is empty', () => {
    expect(answerDeltas({ model: {} }, { model: {}, 'deprecated-props': [] })).toEqual([{ path: [], key: 'deprecated-props', old: undefined, new: [] }]);
  });

  it('compares lists of named entries by name', () => {
    const d = answerDeltas([{ name: 'a', x: 1 }, { name: 'b' }], [{ name: 'a', x: 2 }, { name: 'c' }]);
    expect(d.map((x) => `${x.path.join('.')}|${x.key}`)).toEqual(['a|x', '|b', '|c']);
  });
});

describe('cpumodel diff', () => {
  it('7.2 → 10.0: exit 1 for any change, with the traced set change', async () => {
    const r = await cli('diff qemu-7.2 qemu-10.0');
    expect(r.code).toBe(1);
    expect(r.out).toContain('full gains appv, appvi in gen16a, gen16b');
    expect(r.out).toMatch(/GEN16_GA1\/full at rules\/s390x\/generations\.yaml:\d+:\d+ \(`appv` is a new feature: feature\/appv \(since [\d.]+\)\)/);
    expect(r.out).toContain('because deprecation reporting `deprecated-props` added');
    expect(r.err).toContain('changes of the watched kinds: any');
  });

  it('--fail-on selects what fails the run', async () => {
    expect((await cli('diff qemu-7.2 qemu-10.0 --fail-on base-change')).code).toBe(0);
    expect((await cli('diff qemu-7.2 qemu-10.0 --fail-on base-change --fail-on full-change')).code).toBe(1);
    expect((await cli('diff qemu-7.2 qemu-10.0 --fail-on answer-change')).code).toBe(1);
    const bad = await cli('diff qemu-7.2 qemu-10.0 --fail-on base-changes');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('did you mean `base-change`?');
  });

  it('a rule set against itself: no changes, exit 0', async () => {
    const r = await cli('diff qemu-10.0 qemu-10.0');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe('built-in (qemu-10.0) → built-in (qemu-10.0): no changes');
  });

  it('directories are compared profile by profile; DIR:PROFILE picks one', async () => {
    const both = JSON.parse((await cli(['diff', ROOT, ROOT, '--format', 'json'])).out) as DiffReport;
    expect(both.sections.map((s) => s.new)).toEqual([`${ROOT} (qemu-7.2)`, `${ROOT} (qemu-10.0)`]);
    expect(both.sections.every((s) => s.causes.length === 0)).toBe(true);
    const one = await cli(['diff', `${ROOT}:qemu-7.2`, 'qemu-10.0', '--json']);
    expect((JSON.parse(one.out) as DiffReport).sections).toHaveLength(1);
  });

  it('markdown and json formats', async () => {
    const md = await cli('diff qemu-7.2 qemu-10.0 --format markdown');
    expect(md.out).toMatch(/^# built-in \(qemu-7\.2\) → built-in \(qemu-10\.0\)\n/);
    expect(md.out).toContain('## Answers');
    const report = JSON.parse((await cli('diff qemu-7.2 qemu-10.0 --format json')).out) as DiffReport;
    const s = report.sections[0]!;
    expect(s.definitions.added).toEqual(['gen17a', 'gen17b']);
    expect(s.sets.map((c) => `${c.definition}/${c.set}`)).toEqual(['gen16a/full', 'gen16b/full']);
  });

  it('usage errors', async () => {
    const r = await cli('diff qemu-7.3 qemu-10.0');
    expect(r.code).toBe(2);
    expect(r.err).toContain('`qemu-7.3` is neither a profile nor a rule directory');
    expect((await cli('diff qemu-7.2')).code).toBe(2);
    expect((await cli('diff qemu-7.2 qemu-10.0 --format html')).code).toBe(2);
    const broken = await cli(['diff', join(ROOT, 'test/cli/fixtures/broken'), 'qemu-10.0']);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('unknown CPU definition `z31`');
  });
});
