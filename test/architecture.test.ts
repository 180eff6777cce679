import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The architecture, checked: dependencies point down the pipeline, the
 * solver never sees YAML, and only the edges touch the outside world.
 */
const SRC = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

const sources = files(SRC).map((path) => ({ file: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const area = (file: string) => (file.includes('/') ? file.split('/')[0]! : file.replace(/\.ts$/, ''));

function imports(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
}

/** Which src areas a file imports, resolved from its relative specifiers. */
function areasImported(file: string, text: string): string[] {
  return imports(text).filter((s) => s.startsWith('.')).map((s) => {
    const parts = join(file, '..', s).split('/');
    return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.js$/, '');
  });
}

const RULES: { from: string[]; forbid: string[]; why: string }[] = [
  { from: ['solve', 'query'], forbid: ['parse', 'check', 'load'], why: 'the solver and queries see only the compiled IR, never YAML' },
  { from: ['compile'], forbid: ['load', 'check'], why: 'compile lowers a checked AST; it neither reads files nor re-checks' },
  { from: ['util', 'diag'], forbid: ['load', 'parse', 'check', 'compile', 'solve', 'query', 'cli', 'server', 'qmp', 'index', 'pipeline'], why: 'leaves: pure helpers used by every stage' },
  { from: ['qmp'], forbid: ['load', 'parse', 'check', 'compile', 'solve', 'query', 'cli'], why: 'the protocol layer knows nothing of CPU models' },
  { from: ['diff', 'suite', 'whatif', 'fmt'], forbid: ['cli', 'server', 'oracle'], why: 'policy tooling works on the AST and IR, below the front ends that present it' },
  { from: ['cli', 'server', 'oracle'], forbid: ['load', 'parse', 'check', 'compile', 'solve', 'query', 'explain'], why: 'front ends use the facade (src/index.ts), not the stages' },
];

describe('architecture', () => {
  for (const rule of RULES) {
    it(`${rule.from.join(', ')} must not import ${rule.forbid.join(', ')}: ${rule.why}`, () => {
      const bad = sources.filter((s) => rule.from.includes(area(s.file)))
        .flatMap((s) => areasImported(s.file, s.text).filter((a) => rule.forbid.includes(a)).map((a) => `${s.file} → ${a}`));
      expect(bad).toEqual([]);
    });
  }

  it('only load/, cache/, cli/, server/, oracle/ touch the file system, network, processes or `process`', () => {
    const edges = new Set(['load', 'cache', 'cli', 'server', 'oracle']);
    const bad = sources.filter((s) => !edges.has(area(s.file)))
      .filter((s) => /from 'node:(fs|net|child_process|os)'|\bprocess\./.test(s.text))
      .map((s) => s.file);
    expect(bad).toEqual([]);
  });

  it('finds the files it checks', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.some((s) => s.file === 'solve/generations.ts')).toBe(true);
  });
});
