import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { error, type Diagnostic } from '../../src/diag/diagnostic.js';
import { limitDiagnostics, MAX_PER_FILE } from '../../src/diag/limit.js';
import { excerpt, renderDiagnostics } from '../../src/diag/render.js';
import { cli } from '../cli/run.js';

/**
 * Issue 10, hostile input: whatever a rule file holds, the diagnostics about
 * it stay bounded — each quotes at most ±60 characters of its source line,
 * at most 50 are shown per file (then one `diag/too-many`), and the count
 * line still counts all of them. Before, every YAML error reprinted its
 * whole line: a 10 KB one-line file printed megabytes.
 */
const dir = mkdtempSync(join(tmpdir(), 'cpumodel-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ruleDir(name: string, files: Record<string, string>): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(d, file), text);
  return d;
}

const longest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));
const codes = (text: string) => [...text.matchAll(/^\S+: (?:error|warning)\[([a-z-]+\/[a-z-]+)\]/gm)].map((m) => m[1]!);

describe('the source excerpt', () => {
  it('a short line is shown whole, the caret under the span', () => {
    expect(excerpt('  - {name: vx, bit: 129}', 11, 2)).toEqual(['  - {name: vx, bit: 129}', '          ^^']);
  });
  it('a long line is cut to ±60 characters around the column, with … where cut', () => {
    const line = `${'a'.repeat(5000)}X${'b'.repeat(5000)}`;
    const [shown, carets] = excerpt(line, 5001, 1);
    expect(shown).toBe(`…${'a'.repeat(60)}X${'b'.repeat(59)}…`);
    expect(shown[carets.indexOf('^')]).toBe('X');
    expect(carets.length).toBeLessThanOrEqual(shown.length);
  });
  it('near the start or the end of a long line the window slides, not shrinks', () => {
    const line = 'x'.repeat(1000);
    expect(excerpt(line, 1, 1)[0]).toBe(`${'x'.repeat(120)}…`);
    expect(excerpt(line, 1000, 1)[0]).toBe(`…${'x'.repeat(120)}`);
    expect(excerpt(line, 1000, 1)[1]).toBe(`${' '.repeat(120)}^`);
  });
  it('a wide span gets carets only up to the end of the excerpt', () => {
    const [shown, carets] = excerpt('y'.repeat(10_000), 3, 10_000);
    expect(carets.length).toBe(shown.length - 1);
  });
});

describe('at most 50 diagnostics per file', () => {
  const many = (file: string, n: number): Diagnostic[] => Array.from({ length: n }, (_, i) =>
    error('check/unknown-name', `name ${i}`, { file, line: i + 1, col: 1, start: i * 2, end: i * 2 + 1 }));
  it('then one diag/too-many that counts the rest, per file', () => {
    const shown = limitDiagnostics([...many('a.yaml', 120), ...many('b.yaml', 3)]);
    expect(shown.length).toBe(MAX_PER_FILE + 1 + 3);
    const more = shown.filter((d) => d.code === 'diag/too-many');
    expect(more.length).toBe(1);
    expect(more[0]!.message).toBe('… and 70 more in this file (70 errors, 0 warnings), the first of them here');
    expect(more[0]!.span).toMatchObject({ file: 'a.yaml', line: 51, col: 1 });
  });
  it('the count line counts every diagnostic, shown or not', () => {
    const text = renderDiagnostics(many('a.yaml', 120), new Map());
    expect(text.split('\n').at(-1)).toBe('120 errors, 0 warnings');
  });
  it('messages and hints are clipped', () => {
    const [d] = limitDiagnostics([error('check/unknown-name', `unknown \`${'n'.repeat(100_000)}\``, undefined, 'h'.repeat(100_000))]);
    expect(d!.message.length).toBeLessThanOrEqual(500);
    expect(d!.message.endsWith('…')).toBe(true);
    expect(d!.help!.length).toBeLessThanOrEqual(500);
  });
});

describe('cpumodel check on hostile files', () => {
  it('a 10 KB one-line file of YAML errors: 50 bounded diagnostics, one summary, the true count', async () => {
    const d = ruleDir('oneline', { 'features.yaml': `arch: s390x\n${'a: b: c: '.repeat(1200)}\n` });
    const r = await cli(['check', d]);
    expect(r.code).toBe(1);
    expect(r.out.length).toBeLessThan(40_000);
    expect(longest(r.out)).toBeLessThan(400);
    const found = codes(r.out);
    expect(found.filter((c) => c === 'parse/yaml-syntax').length).toBe(MAX_PER_FILE);
    expect(found.filter((c) => c === 'diag/too-many').length).toBe(1);
    const total = Number(/^(\d+) errors, 0 warnings$/m.exec(r.out)![1]);
    expect(total).toBeGreaterThan(500);
  });

  it('100 KB of `}`: bounded output, no matter how many errors', async () => {
    const d = ruleDir('braces', { 'rules.yaml': '}'.repeat(100_000) });
    const r = await cli(['check', d]);
    expect(r.code).toBe(1);
    expect(r.out.length).toBeLessThan(40_000);
    expect(r.out).toMatch(/^100000 errors, 0 warnings$/m);
  }, 60_000);

  it('the bound holds for every producer: 300 long unknown keys (parse), 300 unknown names (check)', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `    k${i}${'q'.repeat(900)}: 1`).join('\n');
    const parse = await cli(['check', ruleDir('keys', { 'rules.yaml': `arch: s390x\nprofiles:\n  - {name: p, qemu: "7.2"}\nfeatures:\n  - name: a\n    type: STFL\n    bit: 1\n${keys}\n` })]);
    // The check runs over what parsed too: its findings share the file's bound with the parse errors.
    expect(codes(parse.out).filter((c) => c !== 'diag/too-many').length).toBe(MAX_PER_FILE);
    expect(codes(parse.out).filter((c) => c === 'parse/unknown-key').length).toBeGreaterThan(MAX_PER_FILE - 5);
    expect(parse.out.length).toBeLessThan(80_000);
    expect(longest(parse.out)).toBeLessThan(600);

    const members = Array.from({ length: 300 }, (_, i) => `nosuch${i}${'z'.repeat(3000)}`).join(', ');
    const check = await cli(['check', ruleDir('names', { 'rules.yaml': `arch: s390x\nprofiles:\n  - {name: p, qemu: "7.2"}\ngroups:\n  - {name: g, desc: "d", members: [${members}]}\n` })]);
    expect(codes(check.out)).toContain('diag/too-many');
    expect(check.out.length).toBeLessThan(80_000);
    expect(longest(check.out)).toBeLessThan(600);
  });

  it('--format json is bounded the same way and says how many it left out', async () => {
    const d = ruleDir('json', { 'rules.yaml': '}'.repeat(10_000) });
    const r = await cli(['check', d, '--format', 'json']);
    const data = JSON.parse(r.out) as { diagnostics: Diagnostic[]; summary: { errors: number; warnings: number; omitted?: number } };
    expect(data.diagnostics.length).toBe(MAX_PER_FILE + 1);
    expect(data.diagnostics.at(-1)!.code).toBe('diag/too-many');
    expect(data.summary).toEqual({ errors: 10_000, warnings: 0, omitted: 10_000 - MAX_PER_FILE });
  });

  it('fmt and expand --rules print the same bounded diagnostics', async () => {
    const d = ruleDir('fmt', { 'features.yaml': `${'a: b: c: '.repeat(1200)}\n` });
    const fmt = await cli(['fmt', '--check', join(d, 'features.yaml')]);
    expect(fmt.err.length).toBeLessThan(40_000);
    expect(codes(fmt.err)).toContain('diag/too-many');
    const expand = await cli(['expand', 'z14', '--rules', d]);
    expect(expand.code).not.toBe(0);
    expect(expand.err.length).toBeLessThan(40_000);
  });
});
