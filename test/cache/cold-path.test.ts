import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The built CLI on a cache hit loads neither `yaml` nor `json-rules-engine`
 * (the parser loads on first use only in built JavaScript: src/load/lazy.ts).
 * Runs against dist/, so only when dist/ is at least as new as src/
 * (`npm test` builds first).
 */
const ROOT = join(import.meta.dirname, '..', '..');

function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) =>
    e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs));
}

const built = existsSync(join(ROOT, 'dist', 'load', 'lazy.js')) && newest(join(ROOT, 'dist')) >= newest(join(ROOT, 'src'));
const cacheDir = mkdtempSync(join(tmpdir(), 'cpumodel-cold-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const SCRIPT = `
import { createRequire } from 'node:module';
const { main } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'main.js'))});
const code = await main(process.argv.slice(1));
const lazy = await import(${JSON.stringify(join(ROOT, 'dist', 'load', 'lazy.js'))});
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules\\/(yaml|json-rules-engine)\\//.test(k));
const targets = [...new Set(Object.keys(createRequire(import.meta.url).cache).map((k) => /dist\\/target\\/([^/]+)\\//.exec(k)?.[1]).filter(Boolean))].sort();
console.error(JSON.stringify({ code, parser: lazy.lazyLoaded(), packages: [...new Set(loaded.map((k) => k.split('node_modules/')[1].split('/')[0]))], targets }));
`;

function run(...argv: string[]): { out: string; report: { code: number; parser: boolean; packages: string[]; targets: string[] } } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, '--', ...argv], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CPUMODEL_CACHE_DIR: cacheDir },
  });
  return { out: r.stdout, report: JSON.parse(r.stderr.trim().split('\n').at(-1)!) };
}

describe.skipIf(!built)('the cold path of the built CLI', () => {
  it('parses (with yaml) on a miss, and loads neither yaml nor json-rules-engine on a hit', () => {
    const miss = run('compare', 'z13', 'z14');
    expect(miss.report).toMatchObject({ code: 0, parser: true, packages: ['yaml'] });
    const hit = run('compare', 'z13', 'z14');
    expect(hit.report).toMatchObject({ code: 0, parser: false, packages: [] });
    expect(hit.out).toBe(miss.out);
    expect(hit.out).toContain('z13 is a subset of z14');
  });

  it('loads only the asked architecture\'s query side (loaded on first use: require.cache)', () => {
    run('expand', 'Westmere', '--arch', 'x86_64');
    expect(run('compare', 'z13', 'z14').report.targets).toEqual(['s390x']);
    expect(run('expand', 'Westmere', '--arch', 'x86_64').report.targets).toEqual(['x86_64']);
    // Without --arch the name is looked up in the default architecture first.
    expect(run('expand', 'Westmere').report.targets).toEqual(['s390x', 'x86_64']);
  });

  it('loads json-rules-engine only for an environment (whose description is YAML)', () => {
    const env = run('host', 'z15-lpar');
    expect({ ...env.report, packages: env.report.packages.sort() }).toMatchObject({ code: 0, parser: false, packages: ['json-rules-engine', 'yaml'] });
  });
});
