import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules, ruleSetFromSources, type Diagnostic, type RuleSet } from '../../src/index.js';
import { builtinRuleDirs, loadSources, type SourceText } from '../../src/load/load.js';
import { diffSides } from '../../src/diff/diff.js';
import { FILE_CODES } from '../../src/load/files.js';
import { cli } from '../cli/run.js';

/**
 * Issue 10: every diagnostic about a file says where (file:line:col) and
 * what to do (help), also the ones about something the rule set *lacks*:
 * they point at the section itself when it is written but empty, else at the
 * closest related section, else at line 1 of the file that should hold it.
 * Only diagnostics about a command-line name that no file holds have no
 * place (`--env NAME` when there is no such environment, `--env` on an
 * architecture without environments).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const WITHOUT_A_FILE = new Map([
  ['env/unknown-environment', 'a name given with --env that is no built-in environment and no file'],
  ['env/not-modelled', '--env on an architecture without host environments'],
  // A file that cannot be read or written at all has no line to point at: the
  // message names its path (test/load/files.test.ts, test/load/write.test.ts).
  ...FILE_CODES.map((code) => [code, 'the file itself cannot be read or written; its path is in the message'] as const),
]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The argument list of a call starting at `at` (just after its `(`), split at top-level commas. */
function callArgs(text: string, at: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = at; i < text.length; i++) {
    const c = text[i]!;
    if (c === '`' || c === "'" || c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) if (text[j] === '\\') j++;
      current += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) args.push(current.trim());
  return args;
}

describe('every diagnostic producer in src/ gives a place', () => {
  const sources = ['src'].flatMap((d) => files(join(ROOT, d)))
    .filter((f) => !/src\/(server|qmp)\//.test(f))
    .map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));

  it('error(code, message, span, …) and warning(…) always pass a span', () => {
    const missing: string[] = [];
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/\b(?:error|warning)\('([a-z]+\/[a-z-]+)',/g)) {
        const args = callArgs(text, m.index! + m[0].indexOf('(') + 1);
        const span = args[2];
        if ((span === undefined || span === 'undefined') && !WITHOUT_A_FILE.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('diagnostic object literals have a span member', () => {
    const missing: string[] = [];
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/\{\s*code: '([a-z]+\/[a-z-]+)'/g)) {
        const literal = callArgs(text, m.index! + 1).join(',');
        if (!/\bspan\b/.test(literal) && !WITHOUT_A_FILE.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'cpumodel-spans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The built-in rules of `arch` with some files' texts replaced. */
function edited(arch: string, edit: (s: SourceText) => string): RuleSet {
  return ruleSetFromSources(loadSources(builtinRuleDirs(arch)).map((s) => ({ ...s, text: edit(s) })), arch);
}

/** The diagnostic is at `file` (and `line`, `col` where given: 0 for any) and has a hint. */
function expectPlaced(d: Diagnostic | undefined, file: RegExp, line = 0, col = 1): void {
  expect(d, 'a diagnostic').toBeDefined();
  expect(d!.span, `${d!.code} has a place`).toBeDefined();
  expect(d!.span!.file).toMatch(file);
  expect(d!.span!.line).toBeGreaterThanOrEqual(1);
  expect(d!.span!.col).toBeGreaterThanOrEqual(1);
  if (line) expect(d!.span!.line).toBe(line);
  if (col) expect(d!.span!.col).toBe(col);
  expect(d!.help, `${d!.code} has a hint`).toBeTruthy();
}

const find = (diags: readonly Diagnostic[], code: string) => diags.find((d) => d.code === code);

describe('what a rule set lacks is reported at the file that should hold it', () => {
  for (const arch of ['s390x', 'x86_64']) {
    it(`${arch}: an empty profiles file: check/no-profile at its line 1`, () => {
      const rs = edited(arch, (s) => (/profiles\.yaml$/.test(s.name) ? '# no profiles\n' : s.text));
      expectPlaced(find(rs.diagnostics, 'check/no-profile'), /profiles\.yaml$/, 1);
    });
    it(`${arch}: \`profiles: []\`: check/no-profile at the key`, () => {
      const rs = edited(arch, (s) => (/profiles\.yaml$/.test(s.name) ? s.text.replace(/^profiles:[\s\S]*$/m, 'profiles: []\n') : s.text));
      const d = find(rs.diagnostics, 'check/no-profile');
      expectPlaced(d, /profiles\.yaml$/, d?.span?.line ?? 0);
      expect(rs.sources.find((s) => s.name === d!.span!.file)!.text.split('\n')[d!.span!.line - 1]).toBe('profiles: []');
    });
    it(`${arch}: an unknown profile asked of the rules: at the profiles list`, () => {
      const r = builtinRules(arch).solution('nosuch');
      expect('diagnostics' in r).toBe(true);
      const text = builtinRules(arch).sources.find((s) => /profiles\.yaml$/.test(s.name))!.text;
      if ('diagnostics' in r) expectPlaced(find(r.diagnostics, 'compile/unknown-profile'), /profiles\.yaml$/, text.split('\n').indexOf('profiles:') + 1);
    });
    it(`${arch}: an unknown machine: at the machine table`, () => {
      const r = builtinRules(arch).engine(undefined, { machine: 'nosuch' });
      expect('diagnostics' in r).toBe(true);
      if ('diagnostics' in r) expectPlaced(find(r.diagnostics, 'query/unknown-machine'), /machines\.yaml$/, 0, 0);
    });
  }

  it('s390x: without `tcg_max`: check/missing-model beside `latest_qemu_model`', () => {
    const rs = edited('s390x', (s) => s.text.replace(/^tcg_max:.*\n/m, ''));
    const d = find(rs.diagnostics, 'check/missing-model');
    expect(d?.message).toBe('the rule set lacks `tcg_max`');
    const text = rs.sources.find((s) => /qemu-models\.yaml$/.test(s.name))!.text;
    expectPlaced(d, /qemu-models\.yaml$/, text.split('\n').findIndex((l) => l.startsWith('latest_qemu_model:')) + 1);
  });

  it('s390x: `cpumodel check` prints it with file:line:col, the line and the hint', async () => {
    const d = join(dir, 'no-tcg-max');
    mkdirSync(d);
    for (const s of loadSources(builtinRuleDirs('s390x'))) writeFileSync(join(d, s.name.split('/').at(-1)!), s.text.replace(/^tcg_max:.*\n/m, ''));
    const r = await cli(['check', d]);
    expect(r.out).toMatch(/qemu-models\.yaml:\d+:1: error\[check\/missing-model\]: the rule set lacks `tcg_max`\n +\d+ \| latest_qemu_model:.*\n +\| \^+\n  help: add `tcg_max: /);
  });

  it('x86_64: no tcg accelerator: compile/no-tcg at the accelerators section, also as the rule it cites', () => {
    const rs = edited('x86_64', (s) => (/accelerators\.yaml$/.test(s.name) ? 'accelerators: []\n' : s.text));
    const r = rs.solution();
    expect('diagnostics' in r).toBe(true);
    if ('diagnostics' in r) expectPlaced(find(r.diagnostics, 'compile/no-tcg'), /accelerators\.yaml$/, 1);
  });

  it('diff of two architectures: at the new side\'s `arch:`', async () => {
    const side = (arch: string) => ({ label: arch, ruleSet: builtinRules(arch), profile: 'qemu-10.0' });
    const r = await diffSides(side('s390x'), side('x86_64'));
    expect('diagnostics' in r).toBe(true);
    if ('diagnostics' in r) expectPlaced(find(r.diagnostics, 'diff/arch-mismatch'), /profiles\.yaml$/, 0, 7);
  });

  it('s390x: an environment whose machine is no CPU definition: env/no-host-model at its cpu_type', async () => {
    const file = join(dir, 'nowhere.yaml');
    writeFileSync(file, 'environment:\n  description: "x"\n  accelerator: kvm\n  machine: {cpu_type: 0x1234, ga: 1}\n');
    const r = await builtinRules('s390x').withEnvironment(file);
    expect('diagnostics' in r).toBe(true);
    if ('diagnostics' in r) expectPlaced(find(r.diagnostics, 'env/no-host-model'), /nowhere\.yaml$/, 4, 23);
  });
});
