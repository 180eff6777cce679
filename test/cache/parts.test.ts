import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseByFile, slotPath } from '../../src/cache/rules-cache.js';
import { TARGETS } from '../../src/target/index.js';
import type { Target } from '../../src/target/types.js';
import { builtinRuleDirs, loadSources, type SourceText } from '../../src/load/load.js';
import { mergeAst } from '../../src/parse/merge.js';
import { tempCacheDir } from './temp-cache.js';

/**
 * Parsing rule files one by one and merging the ASTs gives what parsing them
 * in one pass gives (src/parse/merge.ts), and the rule cache's parts re-parse
 * only the files whose text changed.
 */
const cacheDir = tempCacheDir('cpumodel-parts-');

/** The target with a parse that counts the files it is given. */
function counting(target: Target): { target: Target; files: () => string[] } {
  const seen: string[] = [];
  return { target: { ...target, parse: (s: readonly SourceText[]) => { seen.push(...s.map((x) => x.name)); return target.parse(s); } }, files: () => seen.splice(0) };
}

/** A rule set with an error in one file and a second file that relies on it: diagnostics keep their files' order. */
const broken = (arch: string): SourceText[] => {
  const files = loadSources(builtinRuleDirs(arch));
  return files.map((s, i) => (i === 1 ? { ...s, text: `${s.text}\nnot-a-section: [\n` } : s));
};

describe('per-file parsing', () => {
  for (const target of TARGETS) {
    const arch = target.info.name;
    it(`${arch}: merged file by file equals one pass, for the built-in rules and a broken copy`, () => {
      for (const sources of [loadSources(builtinRuleDirs(arch)), broken(arch)]) {
        const whole = target.parse(sources);
        const parts = sources.map((s) => target.parse([s]));
        expect(mergeAst(target.emptyAst(), parts.map((p) => p.ast))).toEqual(whole.ast);
        expect(parts.flatMap((p) => p.diagnostics)).toEqual(whole.diagnostics);
        expect(parseByFile(target, sources)).toEqual(whole);
        expect(parseByFile(target, sources)).toEqual(whole);
      }
    });

    it(`${arch}: after an edit only the edited file is parsed again`, () => {
      const sources = loadSources(builtinRuleDirs(arch));
      const c = counting(target);
      parseByFile(c.target, sources);
      expect(c.files()).toEqual(sources.map((s) => s.name));
      expect(readdirSync(cacheDir())).toEqual([slotPath(cacheDir(), sources).split('/').at(-1)!.replace(/\.json$/, '.parts.json')]);
      const edited = sources.map((s, i) => (i === sources.length - 1 ? { ...s, text: `${s.text}\n# an edit\n` } : s));
      expect(parseByFile(c.target, edited)).toEqual(target.parse(edited));
      expect(c.files()).toEqual([sources.at(-1)!.name]);
      parseByFile(c.target, edited);
      expect(c.files()).toEqual([]);
    });
  }

  it('a damaged parts file is ignored and rewritten', () => {
    const target = TARGETS[0]!;
    const sources = loadSources(builtinRuleDirs(target.info.name));
    const c = counting(target);
    parseByFile(c.target, sources);
    c.files();
    const path = join(cacheDir(), readdirSync(cacheDir())[0]!);
    writeFileSync(path, '{"format": 3}\n[]');
    expect(parseByFile(c.target, sources)).toEqual(target.parse(sources));
    expect(c.files()).toHaveLength(sources.length);
    parseByFile(c.target, sources);
    expect(c.files()).toEqual([]);
  });

  it('records: members merge, later files win, inputs stay as they were', () => {
    const a = { list: [1], rec: { x: 1 }, v: { value: 'a' } };
    const b = { list: [2], rec: { y: 2 }, v: { value: 'b' } };
    expect(mergeAst({ list: [], rec: {} }, [a, b])).toEqual({ list: [1, 2], rec: { x: 1, y: 2 }, v: { value: 'b' } });
    expect(a).toEqual({ list: [1], rec: { x: 1 }, v: { value: 'a' } });
  });
});
