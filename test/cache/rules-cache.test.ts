import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSafe } from '../../src/cache/json-safe.js';
import { cachedParse, cacheKey, codeClosure, slotPath, type Parsed } from '../../src/cache/rules-cache.js';
import { DEFAULT_TARGET, openRules, type ArchEngine } from '../../src/index.js';
import { builtinRuleDirs, loadSources, type SourceText } from '../../src/load/load.js';
import { tempCacheDir } from './temp-cache.js';

/** The on-disk cache of parsed and checked rules: used when valid, rebuilt when stale or corrupt, never changes an answer. */
const cacheDir = tempCacheDir('cpumodel-cache-');

const target = DEFAULT_TARGET;
const sources = (): SourceText[] => loadSources(builtinRuleDirs(target.info.name));

/** cachedParse with a counting build. */
function parse(src: readonly SourceText[]): { status: string; builds: number; parsed: Parsed } {
  let builds = 0;
  const r = cachedParse(target, src, () => {
    builds++;
    const { ast, diagnostics } = target.parse(src);
    return { ast, diagnostics: [...diagnostics, ...target.check(ast)] };
  });
  return { status: r.status, builds, parsed: { ast: r.ast, diagnostics: r.diagnostics } };
}

describe('rules cache', () => {
  it('is written on a miss and used when valid', () => {
    const src = sources();
    const first = parse(src);
    expect([first.status, first.builds]).toEqual(['miss', 1]);
    expect(readdirSync(cacheDir())).toEqual([slotPath(cacheDir(), src).split('/').at(-1)]);
    const second = parse(src);
    expect([second.status, second.builds]).toEqual(['hit', 0]);
    expect(second.parsed).toEqual(first.parsed);
    expect(JSON.parse(readFileSync(slotPath(cacheDir(), src), 'utf8').split('\n')[0]!).key).toBe(cacheKey(target, src));
  });

  it('is rebuilt when a rule file changes, in the same slot', () => {
    const src = sources();
    parse(src);
    const changed = src.map((s, i) => (i === 3 ? { ...s, text: `${s.text}\n# edited\n` } : s));
    expect(cacheKey(target, changed)).not.toBe(cacheKey(target, src));
    const after = parse(changed);
    expect([after.status, after.builds]).toEqual(['miss', 1]);
    expect(readdirSync(cacheDir())).toHaveLength(1);
    expect(parse(changed).status).toBe('hit');
    expect(parse(src).status).toBe('miss');
  });

  it('ignores and rewrites a corrupt, truncated, foreign or misshapen file', () => {
    const src = sources();
    const good = parse(src).parsed;
    const path = slotPath(cacheDir(), src);
    const text = readFileSync(path, 'utf8');
    const key = cacheKey(target, src);
    for (const bad of ['', 'garbage', text.slice(0, text.length / 2), '[]', 'null', JSON.stringify({ format: 1, key: 'other', ast: {}, diagnostics: [] }),
      JSON.stringify({ format: 1, key, ast: {}, diagnostics: [] }), JSON.stringify({ format: 3, key, ast: good.ast, diagnostics: [] })]) {
      writeFileSync(path, bad);
      const r = parse(src);
      expect([r.status, r.builds], bad.slice(0, 40)).toEqual(['miss', 1]);
      expect(r.parsed).toEqual(good);
      expect(readFileSync(path, 'utf8')).toBe(text);
    }
  });

  it('never trusts an edited payload: the header\'s hash must match it (right key, edited content: rebuilt)', () => {
    const src = sources();
    const good = parse(src).parsed;
    const path = slotPath(cacheDir(), src);
    const text = readFileSync(path, 'utf8');
    const [header, payload] = [text.slice(0, text.indexOf('\n')), text.slice(text.indexOf('\n') + 1)];
    expect(JSON.parse(header)).toEqual({ format: 3, key: cacheKey(target, src), sha256: createHash('sha256').update(payload).digest('hex') });
    // An edit that keeps the JSON valid and the key right: `vx` renamed in the cached AST.
    expect(payload).toContain('"vx"');
    writeFileSync(path, `${header}\n${payload.replaceAll('"vx"', '"vy"')}`);
    const r = parse(src);
    expect([r.status, r.builds]).toEqual(['miss', 1]);
    expect(r.parsed).toEqual(good);
    expect(readFileSync(path, 'utf8')).toBe(text);
    // Through the facade: the answers are those of the rule files, not of the edit.
    writeFileSync(path, `${header}\n${payload.replaceAll('"vx"', '"vy"')}`);
    const engine = openRules().engine();
    if (!('engine' in engine)) throw new Error('built-in rules do not compile');
    expect(engine.engine.expand({ name: 'z13' }, 'static')).toMatchObject({ ok: true, value: { model: { props: { vx: true } } } });
  });

  it('is off with CPUMODEL_CACHE=off', () => {
    process.env.CPUMODEL_CACHE = 'off';
    expect(parse(sources()).status).toBe('off');
    expect(readdirSync(cacheDir())).toEqual([]);
  });

  it('does not store what JSON cannot carry exactly', () => {
    const src: SourceText[] = [{ name: 'x.yaml', text: 'x' }];
    const r = cachedParse(target, src, () => ({ ast: { features: [Infinity] } as never, diagnostics: [] }));
    expect(r.status).toBe('miss');
    expect(readdirSync(cacheDir())).toEqual([]);
    for (const v of [NaN, -0, 1n, new Map(), [undefined], () => 1]) expect(() => JSON.stringify({ v }, jsonSafe)).toThrow(/not JSON-safe/);
    expect(JSON.stringify({ a: [1, 'x', null, { b: true }], c: undefined }, jsonSafe)).toBe('{"a":[1,"x",null,{"b":true}]}');
  });
});

/** Every answer of the model space and the compiled rules, for one engine. */
function answers(e: ArchEngine): unknown[] {
  const names = e.modelNames();
  const out: unknown[] = [[...e.ruleIds()], e.definitions()];
  for (const a of names) {
    out.push(e.expand({ name: a }, 'static'), e.expand({ name: a, props: [['vx', true]] }, 'full'));
    for (const b of names.slice(0, 12)) out.push(e.relations!.compare({ name: a }, { name: b }), e.relations!.baseline({ name: a }, { name: b }));
  }
  return out;
}

describe('answers with and without the cache', () => {
  it('are identical for every profile', () => {
    process.env.CPUMODEL_CACHE = 'off';
    const plain = openRules();
    delete process.env.CPUMODEL_CACHE;
    openRules(); // fills the cache
    const cached = openRules();
    expect(readdirSync(cacheDir()).filter((n) => !n.endsWith('.parts.json'))).toHaveLength(1);
    expect(cached.ast).toEqual(plain.ast);
    expect(cached.diagnostics).toEqual(plain.diagnostics);
    for (const profile of plain.profiles) {
      const [a, b] = [plain.engine(profile), cached.engine(profile)];
      if (!('engine' in a) || !('engine' in b)) throw new Error('built-in rules do not compile');
      expect(answers(b.engine)).toEqual(answers(a.engine));
    }
  });

  it.each(['duplicate-name', 'yaml-syntax', 'unknown-key'])('keep the diagnostics of broken rule files (%s)', (name) => {
    const broken = join(import.meta.dirname, '..', 'golden', 'check', name);
    process.env.CPUMODEL_CACHE = 'off';
    const plain = openRules([broken]);
    delete process.env.CPUMODEL_CACHE;
    openRules([broken]);
    const cached = openRules([broken]);
    expect(plain.diagnostics.length).toBeGreaterThan(0);
    expect(cached.diagnostics).toEqual(plain.diagnostics);
    expect(cached.sources).toEqual(plain.sources);
  });
});

describe('the code fingerprint', () => {
  it('covers every module parsing and checking depend on, and nothing else', () => {
    const files = [...codeClosure(target.stagesModule).keys()].map((f) => f.split('/src/')[1]);
    expect(files).toEqual(expect.arrayContaining(['target/s390x/parse/parse.ts', 'parse/reader.ts', 'target/s390x/check/check.ts', 'diag/diagnostic.ts', 'target/s390x/levels.ts']));
    expect(files.some((f) => /^(cli|server|cache|oracle)\//.test(f!))).toBe(false);
  });
});

describe('the cache folder', () => {
  it('keeps the 32 most recently written slots and drops abandoned temporary files', () => {
    const old = new Date(Date.now() - 3600_000);
    for (let i = 0; i < 40; i++) {
      const path = join(cacheDir(), `rules-${i.toString(16).padStart(16, '0')}.json`);
      writeFileSync(path, '{}');
      utimesSync(path, old, new Date(old.getTime() + i * 1000));
    }
    writeFileSync(join(cacheDir(), 'rules-x.json.1.abc.tmp'), '');
    utimesSync(join(cacheDir(), 'rules-x.json.1.abc.tmp'), old, old);
    const src = sources();
    expect(parse(src).status).toBe('miss');
    const left = readdirSync(cacheDir()).sort();
    expect(left).toHaveLength(32);
    expect(left).toContain(slotPath(cacheDir(), src).split('/').at(-1));
    expect(left).toContain(`rules-${(39).toString(16).padStart(16, '0')}.json`);
    expect(left).not.toContain(`rules-${(8).toString(16).padStart(16, '0')}.json`);
  });
});
