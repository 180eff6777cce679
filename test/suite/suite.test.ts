import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, readSuite } from '../../src/suite/format.js';
import { Progress, progressBar } from '../../src/suite/progress.js';
import { applyUpdates } from '../../src/suite/update.js';
import { cli } from '../cli/run.js';

const SUITES = join(import.meta.dirname, '..', '..', 'suites', 's390x');

function temp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'suite-')), name);
  writeFileSync(path, text);
  return path;
}

describe('the built-in suite', () => {
  it('passes, with at least 60 cases over every request kind and both profiles', async () => {
    const r = await cli('test');
    expect(r.code).toBe(0);
    const [passed, failed] = /(\d+) passed, (\d+) failed\n$/.exec(r.out)!.slice(1).map(Number);
    expect(failed).toBe(0);
    expect(passed).toBeGreaterThanOrEqual(60);
    const cases = readdirSync(SUITES).flatMap((f) => readSuite(f, readFileSync(join(SUITES, f), 'utf8')).cases);
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(KINDS));
    const profiles = new Set(cases.map((c) => c.profile ?? 'qemu-10.0'));
    expect(profiles).toEqual(new Set(['qemu-7.2', 'qemu-10.0']));
  });

  it('--coverage reports per rule: cases, id and file:line, within 100 columns', async () => {
    const r = await cli('test --coverage');
    expect(r.out).toMatch(/rule coverage: \d+ of \d+ rule ids exercised/);
    const lines = r.out.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const rules = lines.map((l) => /^ +(never|\d+ cases?) {2}(\S+) {2}(\S+):(\d+)$/.exec(l)).filter((m) => m !== null);
    expect(rules.length).toBeGreaterThan(500);
    expect(rules.some((m) => m[1] === 'never') && rules.some((m) => m[1] !== 'never')).toBe(true);
    expect(r.out).toMatch(/^ +\d+ cases? {2}GEN13_GA1\/default {2}rules\/s390x\/generations\.yaml:\d+$/m);
    for (const m of rules.filter((x) => x[2]!.startsWith('feature/'))) {
      const line = readFileSync(m[3]!, 'utf8').split('\n')[Number(m[4]) - 1]!;
      expect(line, m[0]).toContain(`name: ${m[2]!.slice('feature/'.length)}`);
    }
  });

  it('--coverage fits narrower terminals and its JSON has every rule with its place and count', async () => {
    const narrow = await cli('test suites/s390x/compare.yaml --coverage', { columns: 60 });
    expect(Math.max(...narrow.out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
    const { coverage: c } = JSON.parse((await cli('test suites/s390x/compare.yaml --coverage --json')).out) as {
      coverage: { total: number; categories: { exercised: string[] }[]; rules: { id: string; at?: string; cases: number }[] };
    };
    expect(c.rules).toHaveLength(c.total);
    expect(new Set(c.rules.filter((x) => x.cases > 0).map((x) => x.id))).toEqual(new Set(c.categories.flatMap((x) => x.exercised)));
    expect(c.rules.every((x) => /^[^:]+\.yaml:\d+$/.test(x.at ?? ''))).toBe(true);
  });
});

describe('suite files', () => {
  it('--update records answers and reasons, keeps comments and layout, then passes', async () => {
    const text = '# keep this comment\ncases:\n  - expand: z14-base,+vx   # and this one\n  - {compare: [z14, z13]}\n  - explain: {model: z14, feature: vx}\n';
    const file = temp('s.yaml', text);
    expect((await cli(['test', file])).code).toBe(1);
    const up = await cli(['test', file, '--update']);
    expect(up.code).toBe(0);
    expect(up.err).toContain('updated 3 cases');
    const after = readFileSync(file, 'utf8');
    expect(after.split('\n').slice(0, 4)).toEqual(['# keep this comment', 'cases:', '  - expand: z14-base,+vx   # and this one',
      '    expect: {model: {name: z14-base, props: {vx: true}}, deprecated-props: [csske]}']);
    expect(after).toMatch(/\n {2}- \{compare: \[z14, z13\], expect: \{result: superset, responsible-properties: \[.*\]\}\}\n/);
    expect(after).toContain('    expect: "`vx` is enabled in `z14`"\n    reasons: [GEN13_GA1/default, definition/z14]\n');
    const again = await cli(['test', file]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/3 passed, 0 failed\n$/);
  });

  it('a wrong answer and a missing reason fail with the difference', async () => {
    const file = temp('s.yaml', 'profile: qemu-7.2\ncases:\n  - baseline: [z14, z14ZR1]\n    expect: {model: {name: z14ZR1-base}}\n    reasons: [GEN99_GA1/base]\n');
    const r = await cli(['test', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('answer differs: model.name: z14ZR1-base → z14-base');
    expect(r.out).toContain('missing reasons: GEN99_GA1/base');
    expect(r.out).toMatch(/0 passed, 1 failed\n$/);
  });

  it('rejects duplicate requests and malformed cases', async () => {
    const file = temp('s.yaml', 'cases:\n  - expand: z14\n  - expand: z14\n    profile: qemu-10.0\n  - compare: z14\n  - foo: 1\n');
    const other = temp('t.yaml', '- {expand: {name: z13, props: {vx: true, te: false}}}\n- {expand: {props: {te: false, vx: true}, name: z13}}\n');
    const r = await cli(['test', file, other]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/s\.yaml:3:5: error: duplicate case: the same request as the case at .*s\.yaml:2:5/);
    expect(r.err).toMatch(/s\.yaml:6:5: error: a case needs exactly one request key/);
    expect(r.err).toMatch(/t\.yaml:2:3: error: duplicate case/);
    const bad = await cli(['test', temp('u.yaml', '- compare: z14\n  expect: 1\n')]);
    expect(bad.out).toContain('invalid request: expected 2 models');
  });

  it('answers the same request differently in -cpu and QMP order', async () => {
    const file = temp('s.yaml', '- expand: z13-base,kmac-aes-128=on,msa4=off\n- expand: {name: z13-base, props: {kmac-aes-128: true, msa4: false}}\n');
    await cli(['test', file, '--update']);
    const [a, b] = readSuite(file, readFileSync(file, 'utf8')).cases.map((c) => JSON.stringify(c.expect));
    expect(a).not.toBe(b);
  });

  it('resolves YAML anchors and aliases: an aliased model is the model, not `{source: …}`', async () => {
    const file = temp('s.yaml', 'cases:\n  - expand: &m z14-base\n    expect: &e {model: {name: z14-base}, deprecated-props: [csske]}\n'
      + '  - compare: [*m, z13-base]\n  - {expand: z14-base, profile: qemu-7.2, expect: *e}\n');
    const cases = readSuite(file, readFileSync(file, 'utf8')).cases;
    expect(cases.map((c) => c.request)).toEqual(['z14-base', ['z14-base', 'z13-base'], 'z14-base']);
    expect(cases[2]!.expect).toEqual({ model: { name: 'z14-base' }, 'deprecated-props': ['csske'] });
    const first = await cli(['test', file]);
    expect(first.out).not.toContain('invalid request');
    expect((await cli(['test', file, '--update'])).code).toBe(0);
    expect((await cli(['test', file])).out).toMatch(/3 passed, 0 failed\n$/);
  });

  it('an alias bomb is a problem of the file (exit 2), not a blow-up', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const prev = String.fromCharCode('a'.charCodeAt(0) + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    // 10^9 strings if expanded.
    const text = `${levels.join('\n')}\ncases:\n  - expand: z14\n`;
    const problems = readSuite('bomb.yaml', text).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^the aliases expand too far \(excessive alias count .*\); at most 100 uses per alias$/);
    const r = await cli(['test', temp('bomb.yaml', text)]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bomb.yaml:1:1: error: the aliases expand too far');
  });

  it('an `env` path in a suite is relative to the suite file; a name stays a built-in name', async () => {
    const file = temp('s.yaml', 'cases:\n  - {check-run: z13, env: ./envs/lpar.yaml}\n  - {check-run: z13, env: z15-lpar}\n');
    const envs = join(file, '..', 'envs');
    mkdirSync(envs);
    writeFileSync(join(envs, 'lpar.yaml'), readFileSync(join(SUITES, '..', '..', 'models', 's390x', 'environments', 'z15-lpar.yaml'), 'utf8'));
    const cases = readSuite(file, readFileSync(file, 'utf8')).cases;
    expect(cases.map((c) => c.env)).toEqual([join(file, '..', 'envs', 'lpar.yaml'), 'z15-lpar']);
    const up = await cli(['test', file, '--update']);
    expect(up.code).toBe(0);
    const after = readSuite(file, readFileSync(file, 'utf8')).cases;
    expect(after[0]!.expect).toEqual(after[1]!.expect);
  });

  it('inserts updates after the last value, even at the end of a file without a newline', () => {
    const text = '- expand: z14';
    const c = readSuite('x.yaml', text).cases[0]!;
    expect(applyUpdates(text, [{ case: c, key: 'expect', value: { a: 1 } }, { case: c, key: 'reasons', value: [] }]))
      .toBe('- expand: z14\n  expect: {a: 1}\n  reasons: []');
  });
});

describe('progress bar', () => {
  it('shows up only after the delay, redraws, and erases itself; never when disabled', () => {
    let t = 0;
    const out: string[] = [];
    const p = new Progress((s) => out.push(s), true, () => t, 300);
    p.tick(1, 10);
    expect(out).toEqual([]);
    t = 400;
    p.tick(5, 10);
    t = 410;
    p.tick(6, 10);
    t = 500;
    p.tick(10, 10);
    p.end();
    expect(out).toEqual([`\r${progressBar(5, 10)}`, `\r${progressBar(10, 10)}`, '\r\x1b[K']);
    expect(progressBar(5, 10, 10)).toBe('[#####.....] 5/10 cases');
    const quiet: string[] = [];
    const q = new Progress((s) => quiet.push(s), false, () => t, 0);
    q.tick(1, 1);
    q.end();
    expect(quiet).toEqual([]);
  });
});
