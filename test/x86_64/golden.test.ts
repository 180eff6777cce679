import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden-file.js';
import { diagnosticsJson, renderDiagnostics } from '../../src/diag/render.js';
import { checkX86 } from '../../src/target/x86_64/check/index.js';
import { parseX86 } from '../../src/target/x86_64/parse/index.js';
import { lintX86 } from '../../src/target/x86_64/policy/lint.js';

/**
 * Golden diagnostics of the x86_64 rule language: one broken rule file per
 * diagnostic code (the folder name is the code, `parse-` for parse codes),
 * rendered exactly (location, YAML line, caret, help, count line), plus a
 * valid file that must stay silent. UPDATE_GOLDEN=1 rewrites expected.err;
 * review the diff before committing.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CASES = join(import.meta.dirname, 'golden', 'check');

/** What `cpumodel check` reports: parse and check, then (when they found no error) the policy checks; text or JSON. */
async function render(dir: string, json = false): Promise<string> {
  const sources = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .map((f) => ({ name: relative(ROOT, join(dir, f)), text: readFileSync(join(dir, f), 'utf8') }));
  const { ast, diagnostics } = parseX86(sources);
  const all = [...diagnostics, ...checkX86(ast)];
  if (!all.some((d) => d.severity === 'error')) all.push(...await lintX86(ast));
  return `${json ? diagnosticsJson(all) : renderDiagnostics(all, new Map(sources.map((s) => [s.name, s.text])))}\n`;
}

const codeOf = (name: string) => (name.startsWith('parse-') ? `parse/${name.slice(6)}` : `check/${name}`);

describe('x86_64 golden diagnostics', () => {
  const names = readdirSync(CASES).sort();
  it('has a case for every code the x86_64 parser, checker and policy checks can emit', () => {
    const dirs = ['src/target/x86_64/parse', 'src/target/x86_64/check', 'src/target/x86_64/policy'].map((d) => join(ROOT, d));
    const texts = [...dirs.flatMap((d) => readdirSync(d).map((f) => join(d, f))), join(ROOT, 'src/parse/reader.ts')]
      .map((f) => readFileSync(f, 'utf8'));
    const codes = new Set(texts.flatMap((t) => [...t.matchAll(/'((?:parse|check)\/[a-z-]+)'/g)].map((m) => m[1]!)));
    expect(codes.size).toBeGreaterThan(30);
    expect([...codes].filter((c) => !names.map(codeOf).includes(c)).sort()).toEqual([]);
  });
  for (const name of names) {
    it(name, async () => {
      const dir = join(CASES, name);
      const expectedPath = join(dir, 'expected.err');
      const actual = await render(dir);
      expectGolden(expectedPath, actual);
      if (name === 'valid') expect(actual).toBe('0 errors, 0 warnings\n');
      else expect(actual, 'a broken case must report its code').toContain(`[${codeOf(name)}]`);
      if (existsSync(join(dir, 'expected.json'))) expectGolden(join(dir, 'expected.json'), await render(dir, true));
    });
  }
});
