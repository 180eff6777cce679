import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';

/**
 * Issue 10: YAML shapes that blow up naive readers. An alias bomb (each
 * anchor a list of nine aliases to the one before: 9^12 leaves when
 * expanded) and nesting thousands of levels deep are read in linear time and
 * answered with diagnostics, by `check` and by `fmt`, never an internal error.
 */
const dir = mkdtempSync(join(tmpdir(), 'cpumodel-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function aliasBomb(): string {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) {
    const [p, c] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    lines.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('an alias bomb', () => {
  const bomb = file('bomb.yaml', aliasBomb());

  it('fmt lays it out as written, aliases unexpanded (fmt --check: canonical)', async () => {
    const r = await cli(['fmt', bomb]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(bomb, 'utf8'));
    expect((await cli(['fmt', '--check', bomb])).code).toBe(0);
  });

  it('check reports what is wrong with it as a rule file (unknown keys), placed', async () => {
    const r = await cli(['check', bomb]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^.*bomb\.yaml:1:1: error\[parse\/unknown-key\]: unknown key `a` in a rule file$/m);
    expect(r.out).not.toMatch(/internal error/);
  });
});

describe('nesting thousands of levels deep', () => {
  const deep = file('deep.yaml', `dependencies: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);

  for (const [command, code] of [['check', 'parse/yaml-syntax'], ['fmt', 'fmt/yaml-syntax']] as const) {
    it(`${command}: ${code}, said as what it is, with a place, a bounded excerpt and a hint`, async () => {
      const r = await cli([command, deep]);
      expect(r.code).toBe(1);
      const text = r.out + r.err;
      expect(text).toMatch(new RegExp(`deep\\.yaml:1:\\d+: error\\[${code.replace('/', '\\/')}\\]: the YAML nests too deeply to be read`));
      expect(text).toMatch(/\n {2}help: /);
      expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(200);
      expect(text).not.toMatch(/internal error|call stack/);
    });
  }
});
