import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';

/**
 * Policy folders (README "Policy folders"): every tool run inside one reads
 * its rules, says so on stderr, and "built-in" stays the shipped rules.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const HOME = process.cwd();

/** A folder with a marker and files; the run's working directory until the test ends. */
const made: string[] = [];

function folder(marker: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-policy-'));
  made.push(dir);
  writeFileSync(join(dir, 'cpumodel.yaml'), marker);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  process.chdir(dir);
  return dir;
}

afterEach(() => process.chdir(HOME));
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const builtin = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const OVERLAY = 'arch: s390x\nbase: builtin\n';
/** The built-in dependencies with a tab before the first entry. */
const tabbed = () => builtin('rules/s390x/dependencies.yaml').replace(/^  - /m, '\t- ');

describe('a separate policy folder', () => {
  it('check reads the local files: a tab error is an error, not "0 errors"', async () => {
    folder(OVERLAY, { 'rules/dependencies.yaml': tabbed() });
    const r = await cli('check');
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('\n0 errors');
    expect(r.out).toContain('rules/dependencies.yaml:6:1: error[parse/yaml-syntax]: a tab indents this line: YAML indents with spaces only');
    expect(r.err).toBe('rules: policy folder . (an overlay on the built-in s390x rules)\n');
  });

  it('an overlay replaces the built-in file of the same name and adds the others', async () => {
    folder(OVERLAY, { 'rules/dependencies.yaml': 'dependencies:\n  - {feature: vxeh, requires: vx}\n', 'extra.yaml': 'dependencies:\n  - {feature: vxeh2, requires: vxeh}\n' });
    const r = await cli('check --json');
    expect(r.code).toBe(0);
    const full = await cli('what-if --set dependencies.vxeh2+=vx --json');
    expect(full.err).toContain('rules: policy folder . (an overlay on the built-in s390x rules)');
  });

  it('a full rule set is read alone: without the built-in files it lacks everything', async () => {
    folder('arch: s390x\n', { 'rules/dependencies.yaml': 'dependencies:\n  - {feature: vxeh, requires: vx}\n' });
    const r = await cli('check');
    expect(r.err).toBe('rules: policy folder . (a full s390x rule set)\n');
    expect(r.code).toBe(1);
    expect(r.out).toContain('unknown feature `vxeh`');
  });

  it('fmt --check formats the local files only', async () => {
    folder(OVERLAY, { 'rules/dependencies.yaml': tabbed(), 'rules/groups.yaml': "groups:\n  - {name: 'x', features: [vx]}\n" });
    const r = await cli('fmt --check');
    expect(r.code).toBe(1);
    expect(r.err).toContain('rules: policy folder .\n');
    expect(r.err).toContain('rules/dependencies.yaml:6:1: error[fmt/yaml-syntax]');
    expect(r.out).toContain('rules/groups.yaml');
    expect(r.out).not.toContain('features.yaml');
  });

  it('test runs the folder\'s suites against the folder\'s rules', async () => {
    const dir = folder(OVERLAY, {
      'rules/deprecations.yaml': builtin('rules/s390x/deprecations.yaml').replace('[csske, bpb, cte, te]', '[csske]'),
      'suites/local.yaml': 'cases:\n  - expand: z14\n    expect: {}\n',
    });
    const first = await cli('test');
    expect(first.code).toBe(1);
    expect(first.err).toContain('rules: policy folder . (an overlay on the built-in s390x rules); suites: suites');
    expect((await cli('test --update')).code).toBe(0);
    expect(readFileSync(join(dir, 'suites/local.yaml'), 'utf8')).toContain('deprecated-props: [csske]');
    expect((await cli('test')).code).toBe(0);
    process.chdir(HOME);
    expect((await cli(['test', '--arch', 's390x', join(dir, 'suites')])).code, 'the built-in rules deprecate more').toBe(1);
  });

  it('queries use the folder and say so; --rules wins over it', async () => {
    folder(OVERLAY, { 'rules/deprecations.yaml': builtin('rules/s390x/deprecations.yaml').replace('[csske, bpb, cte, te]', '[csske]') });
    const r = await cli('expand z14 --json');
    expect(r.err).toBe('rules: policy folder . (an overlay on the built-in s390x rules)\n');
    expect(JSON.parse(r.out)['deprecated-props']).toEqual(['csske']);
    const given = await cli(['expand', 'z14', '--json', '--rules', join(ROOT, 'rules/s390x'), '--rules', join(ROOT, 'models/s390x')]);
    expect(given.err).toBe('');
    expect(JSON.parse(given.out)['deprecated-props']).toHaveLength(4);
  });

  it('diff PROFILE .:PROFILE compares the shipped rules with the folder', async () => {
    folder(OVERLAY, { 'rules/deprecations.yaml': builtin('rules/s390x/deprecations.yaml').replace('[csske, bpb, cte, te]', '[csske]') });
    const r = await cli('diff qemu-10.0 .:qemu-10.0');
    expect(r.err).toContain('rules: old built-in s390x rules, qemu-10.0; new ., qemu-10.0\n');
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/ 0 of \d+ answers changed/);
  });

  it('a marker with an unknown key or value is refused with its place', async () => {
    folder('arch: s390x\nbas: builtin\nbase: bultin  # overlay\n', {});
    const r = await cli('check');
    expect(r.code).toBe(2);
    expect(r.err).toBe([
      'cpumodel.yaml:2:1: error[load/marker-unknown-key]: unknown key `bas` in cpumodel.yaml',
      '     2 | bas: builtin',
      '       | ^^^',
      '  help: did you mean `base`?',
      'cpumodel.yaml:3:7: error[load/marker-invalid-value]: invalid base `bultin`',
      '     3 | base: bultin  # overlay',
      '       |       ^^^^^^',
      '  help: did you mean `builtin`?',
      '2 errors, 0 warnings',
      '',
    ].join('\n'));
    const json = await cli('check --json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({ error: { code: 'cli/diagnostics', message: '2 errors, 0 warnings', diagnostics: [
      { code: 'load/marker-unknown-key', severity: 'error', message: 'unknown key `bas` in cpumodel.yaml', help: 'did you mean `base`?', span: { file: 'cpumodel.yaml', line: 2, col: 1, start: 12, end: 15 } },
      { code: 'load/marker-invalid-value', severity: 'error', message: 'invalid base `bultin`', help: 'did you mean `builtin`?', span: { file: 'cpumodel.yaml', line: 3, col: 7, start: 31, end: 37 } },
    ] } });
  });
});

describe('this project\'s own folder', () => {
  it('check FILE checks a built-in file in the context of the built-in rules', async () => {
    const r = await cli('check rules/s390x/dependencies.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^0 errors, \d+ warnings?$/m);
    expect(r.err).toBe('rules: built-in s390x rules; checking rules/s390x/dependencies.yaml in their context\n');
  });

  it('check FILE in a policy folder checks it in the folder\'s rule set', async () => {
    const dir = folder(OVERLAY, { 'rules/dependencies.yaml': 'dependencies:\n  - {feature: vxeh, requires: vxx}\n' });
    process.chdir(HOME);
    const r = await cli(['check', join(dir, 'rules/dependencies.yaml')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('unknown feature `vxx`');
    expect(r.out).not.toContain('unknown feature `vxeh`');
  });

  it('check FILE of a copy of this project\'s layout: its own rule set, of the architecture of its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpumodel-copy-'));
    made.push(dir);
    for (const d of ['rules/x86_64', 'models/x86_64']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
    const r = await cli(['check', join(dir, 'rules/x86_64/features.yaml')]);
    expect(r.err).toBe(`rules: policy folder ${dir} (a full x86_64 rule set); checking ${join(dir, 'rules/x86_64/features.yaml')} in their context\n`);
    expect([r.code, r.out]).toEqual([0, '0 errors, 0 warnings\n']);
  });

  it('diff qemu-10.0 .:qemu-10.0 does not claim "no changes" over the same files', async () => {
    const r = await cli('diff qemu-10.0 .:qemu-10.0');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('error: `built-in` and `.` read the same rule files (rules/s390x, models/s390x)');
  });

  it('the project folder itself counts as the built-in rules (no announcement on queries)', async () => {
    const r = await cli('expand z14 --json');
    expect(r.err).toBe('');
  });
});
