import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../src/target/index.js';

/**
 * The architecture, checked: dependencies point down the pipeline, the
 * solver never sees YAML, only the edges touch the outside world, and the
 * architectures are reached only through the table of src/target/index.ts.
 */
const SRC = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

const sources = files(SRC).map((path) => ({ file: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const ARCHS = TARGETS.map((t) => t.info.name);

/**
 * The area of a file: its first folder (`cli`, `qmp`, …), or for an
 * architecture's files `target/<arch>/<stage>` (`target/s390x/query`), or
 * `target/<arch>` for its top-level files; shared top-level files by name.
 */
function area(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'target' && parts.length > 2) return parts.length > 3 ? parts.slice(0, 3).join('/') : `target/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}

function imports(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
}

/** The files a file imports, relative to src/. */
function imported(file: string, text: string): string[] {
  return imports(text).filter((s) => s.startsWith('.')).map((s) => join(file, '..', s).replace(/\.js$/, '.ts'));
}

/** The stage of an architecture file (`query` of `target/s390x/query/…`), or undefined. */
const stageOf = (file: string) => (file.startsWith('target/') && file.split('/').length > 3 ? file.split('/')[2] : undefined);
const archOf = (file: string) => (file.startsWith('target/') && file.split('/').length > 2 ? file.split('/')[1] : undefined);

const RULES: { from: (f: string) => boolean; forbid: (target: string, from: string) => boolean; why: string }[] = [
  {
    from: (f) => ['solve', 'query'].includes(stageOf(f) ?? ''),
    forbid: (t) => ['parse', 'check'].includes(stageOf(t) ?? '') || area(t) === 'load',
    why: 'the solver and queries see only the compiled IR, never YAML',
  },
  {
    from: (f) => stageOf(f) === 'compile',
    forbid: (t) => stageOf(t) === 'check' || area(t) === 'load',
    why: 'compile lowers a checked AST; it neither reads files nor re-checks',
  },
  {
    from: (f) => ['util', 'diag'].includes(area(f)),
    forbid: (t) => !['util', 'diag'].includes(area(t)),
    why: 'leaves: pure helpers used by every stage',
  },
  {
    from: (f) => area(f) === 'qmp',
    forbid: (t) => !['qmp', 'util'].includes(area(t)),
    why: 'the protocol layer knows nothing of CPU models',
  },
  {
    from: (f) => ['diff', 'suite', 'whatif', 'fmt'].includes(area(f)),
    forbid: (t) => ['cli', 'server', 'oracle'].includes(area(t)),
    why: 'policy tooling works on the AST and IR, below the front ends that present it',
  },
  {
    from: (f) => ['cli', 'server', 'oracle', 'emulator'].includes(area(f)),
    forbid: (t) => t.startsWith('target/') && !['target/types.ts', 'target/policy.ts', 'target/result.ts', 'target/reply.ts'].includes(t),
    why: 'front ends use the facade (src/index.ts) and the shared contract, not an architecture',
  },
  {
    from: (f) => archOf(f) === undefined && f !== 'target/index.ts',
    forbid: (t) => archOf(t) !== undefined,
    why: 'an architecture is reached only through the table of src/target/index.ts',
  },
  {
    from: (f) => archOf(f) !== undefined,
    forbid: (t, f) => archOf(t) !== undefined && archOf(t) !== archOf(f),
    why: 'architectures do not import each other',
  },
];

describe('architecture', () => {
  for (const rule of RULES) {
    it(rule.why, () => {
      const bad = sources.filter((s) => rule.from(s.file)).flatMap((s) => imported(s.file, s.text)
        .filter((t) => rule.forbid(t, s.file))
        .map((t) => `${s.file} → ${t}`));
      expect(bad).toEqual([]);
    });
  }

  it('only load/, cache/, cli/, server/, oracle/, emulator/ touch the file system, network, processes or `process`', () => {
    const edges = new Set(['load', 'cache', 'cli', 'server', 'oracle', 'emulator']);
    const bad = sources.filter((s) => !edges.has(area(s.file)))
      .filter((s) => /from 'node:(fs|net|child_process|os)'|\bprocess\./.test(s.text))
      .map((s) => s.file);
    expect(bad).toEqual([]);
  });

  it('shared code holds no architecture name (comments aside)', () => {
    const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    const named = new RegExp(`\\b(${ARCHS.map((a) => a.replace(/[_-]/g, '[_-]?')).join('|')}|s390|x86)\\b`, 'i');
    const bad = sources.filter((s) => archOf(s.file) === undefined && s.file !== 'target/index.ts')
      .filter((s) => named.test(code(s.text))).map((s) => `${s.file}: ${named.exec(code(s.text))![0]}`);
    expect(bad).toEqual([]);
  });

  it('every architecture has its own rule, model and source folders', () => {
    for (const arch of ARCHS) {
      expect(sources.some((s) => s.file === `target/${arch}/index.ts`), arch).toBe(true);
      expect(readdirSync(join(SRC, '..', 'rules', arch)).length, arch).toBeGreaterThan(0);
      expect(readdirSync(join(SRC, '..', 'models', arch)).length, arch).toBeGreaterThan(0);
    }
  });

  it('an architecture\'s entry (index.ts) loads only what names it; its parser, query side and policy hooks load on first use', () => {
    const light = (arch: string) => new Set(['load/lazy.ts', `target/${arch}/info.ts`, `target/${arch}/ast.ts`, `target/${arch}/parse/ast.ts`]);
    const valueImports = (text: string) => text.replace(/^(import|export) type [\s\S]*?;$/gm, '').replace(/await (lazyModule[^;]*;|import\()/g, '');
    const bad = ARCHS.flatMap((arch) => {
      const file = `target/${arch}/index.ts`;
      const text = sources.find((s) => s.file === file)!.text;
      return imported(file, valueImports(text)).filter((t) => !light(arch).has(t)).map((t) => `${file} → ${t}`);
    });
    expect(bad).toEqual([]);
  });

  it('finds the files it checks', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.some((s) => s.file === 'target/s390x/solve/generations.ts')).toBe(true);
  });
});
