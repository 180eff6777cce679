import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';

/** `cpumodel fmt`: print, --check, --write (atomic, never over a broken file), usage. */
const CANONICAL = 'dependencies:\n  - {feature: vxeh, requires: vx}\n';
const MESSY = "dependencies:\n  - requires: 'vx'\n    feature: vxeh\n";
const BROKEN = 'dependencies:\n  - {feature: vxeh, requires: vx\n';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'cpumodel-fmt-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('cpumodel fmt', () => {
  it('prints one file formatted', async () => {
    const d = dir({ 'a.yaml': MESSY });
    const r = await cli(['fmt', join(d, 'a.yaml')]);
    expect([r.code, r.out, r.err]).toEqual([0, CANONICAL, '']);
  });

  it('--check exits 0 on canonical files and 1 listing the others', async () => {
    const d = dir({ 'a.yaml': CANONICAL, 'b.yaml': MESSY });
    expect((await cli(['fmt', '--check', join(d, 'a.yaml')])).code).toBe(0);
    const r = await cli(['fmt', '--check', d]);
    const b = join(d, 'b.yaml');
    expect([r.code, r.out]).toEqual([1, [
      `--- ${b}`,
      `+++ ${b} (formatted)`,
      '@@ -1,3 +1,2 @@',
      ' dependencies:',
      "-  - requires: 'vx'",
      '-    feature: vxeh',
      '+  - {feature: vxeh, requires: vx}',
      '',
    ].join('\n')]);
    expect(readFileSync(join(d, 'b.yaml'), 'utf8')).toBe(MESSY);
  });

  it('--check passes on the built-in files', async () => {
    expect(await cli(['fmt', '--check'])).toEqual({ code: 0, out: '', err: 'rules: the built-in rules of every architecture\n' });
  });

  it('--write rewrites, then --check is clean, and a second --write changes nothing', async () => {
    const d = dir({ 'a.yaml': CANONICAL, 'b.yaml': MESSY });
    const r = await cli(['fmt', '--write', d]);
    expect([r.code, r.out]).toEqual([0, `formatted ${join(d, 'b.yaml')}\n`]);
    expect(readFileSync(join(d, 'b.yaml'), 'utf8')).toBe(CANONICAL);
    expect((await cli(['fmt', '--check', d])).code).toBe(0);
    expect((await cli(['fmt', '--write', d])).out).toBe('');
    expect(readdirSync(d).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('never writes a file with YAML errors, and says why', async () => {
    const d = dir({ 'bad.yaml': BROKEN, 'b.yaml': MESSY });
    const r = await cli(['fmt', '--write', d]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[fmt/yaml-syntax]');
    expect(r.err).toContain('bad.yaml:2:5: error[fmt/yaml-syntax]: this `{` is never closed');
    expect(readFileSync(join(d, 'bad.yaml'), 'utf8')).toBe(BROKEN);
    expect(readFileSync(join(d, 'b.yaml'), 'utf8')).toBe(CANONICAL);
    expect((await cli(['fmt', '--check', join(d, 'bad.yaml')])).code).toBe(1);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['fmt', '--check', '--write'])).code).toBe(2);
    expect((await cli(['fmt'])).code).toBe(2);
    expect((await cli(['fmt', '/nonexistent/x.yaml', '--check'])).code).toBe(2);
  });
});

describe('cpumodel fmt --check output', () => {
  it('a file that differs only in its line ends says so', async () => {
    const d = dir({ 'a.yaml': CANONICAL.replace(/\n/g, '\r\n') });
    const r = await cli(['fmt', '--check', d]);
    const a = join(d, 'a.yaml');
    expect([r.code, r.out]).toEqual([1, `--- ${a}\n+++ ${a} (formatted)\n  (line ends become LF)\n`]);
  });
});
