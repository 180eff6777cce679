import { hasErrors, type Diagnostic } from './diag/diagnostic.js';
import type { SourceText } from './load/load.js';
import type { ArchEngine, Target } from './target/types.js';

/**
 * The pipeline, written down once: load → parse → check → compile → solve →
 * query. Each stage is the target's; it takes the previous artifact; a stage
 * that reports an error stops the run, and `stopAfter` lets tools print any
 * artifact.
 */
export interface Artifacts {
  sources: readonly SourceText[];
  ast?: unknown;
  rules?: unknown;
  solved?: unknown;
  engine?: ArchEngine;
}

export type StageName = 'parse' | 'check' | 'compile' | 'solve' | 'query';

interface Stage {
  name: StageName;
  run(t: Target, a: Artifacts, profile: string | undefined): Diagnostic[];
}

export const STAGES: readonly Stage[] = [
  { name: 'parse', run: (t, a) => { const r = t.parse(a.sources); a.ast = r.ast; return r.diagnostics; } },
  { name: 'check', run: (t, a) => t.check(a.ast) },
  { name: 'compile', run: (t, a, p) => { const r = t.compile(a.ast, p); a.rules = r.rules ?? undefined; return r.diagnostics; } },
  { name: 'solve', run: (t, a) => { a.solved = t.solve(a.rules); return []; } },
  {
    name: 'query',
    run: (t, a) => {
      const r = t.engine(a.solved, {});
      if ('diagnostics' in r) return r.diagnostics;
      a.engine = r.engine;
      return [];
    },
  },
];

export interface PipelineResult {
  artifacts: Artifacts;
  diagnostics: Diagnostic[];
  /** The last stage that ran. */
  reached: StageName | 'load';
}

export function runPipeline(target: Target, sources: readonly SourceText[], profile?: string, stopAfter: StageName = 'query'): PipelineResult {
  const artifacts: Artifacts = { sources };
  const diagnostics: Diagnostic[] = [];
  let reached: PipelineResult['reached'] = 'load';
  for (const stage of STAGES) {
    diagnostics.push(...stage.run(target, artifacts, profile));
    reached = stage.name;
    if (hasErrors(diagnostics) || stage.name === stopAfter) break;
  }
  return { artifacts, diagnostics, reached };
}
