import { compileProfile } from './target/s390x/compile/compile.js';
import type { CompiledRules } from './target/s390x/compile/ir.js';
import { hasErrors, type Diagnostic } from './diag/diagnostic.js';
import type { SourceText } from './load/load.js';
import type { RuleSetAst } from './target/s390x/parse/ast.js';
// Parse and check load on first use (they need `yaml`); see src/cache/stages.ts.
import { checkRules, parseSources } from './cache/stages.js';
import { Engine } from './target/s390x/query/engine.js';
import { solveGenerations, type Solution } from './target/s390x/solve/generations.js';

/**
 * The pipeline, written down once: load → parse → check → compile → solve →
 * query. Each stage takes the previous artifact; a stage that reports an
 * error stops the run, and `stopAfter` lets tools print any artifact.
 */
export interface Artifacts {
  sources: readonly SourceText[];
  ast?: RuleSetAst;
  rules?: CompiledRules;
  solution?: Solution;
  engine?: Engine;
}

export type StageName = 'parse' | 'check' | 'compile' | 'solve' | 'query';

interface Stage {
  name: StageName;
  run(a: Artifacts, profile: string | undefined): Diagnostic[];
}

export const STAGES: readonly Stage[] = [
  { name: 'parse', run: (a) => { const r = parseSources(a.sources); a.ast = r.ast; return r.diagnostics; } },
  { name: 'check', run: (a) => checkRules(a.ast!) },
  { name: 'compile', run: (a, p) => { const r = compileProfile(a.ast!, p); a.rules = r.rules ?? undefined; return r.diagnostics; } },
  { name: 'solve', run: (a) => { a.solution = solveGenerations(a.rules!); return []; } },
  { name: 'query', run: (a) => { a.engine = new Engine(a.rules!, a.solution!); return []; } },
];

export interface PipelineResult {
  artifacts: Artifacts;
  diagnostics: Diagnostic[];
  /** The last stage that ran. */
  reached: StageName | 'load';
}

export function runPipeline(sources: readonly SourceText[], profile?: string, stopAfter: StageName = 'query'): PipelineResult {
  const artifacts: Artifacts = { sources };
  const diagnostics: Diagnostic[] = [];
  let reached: PipelineResult['reached'] = 'load';
  for (const stage of STAGES) {
    diagnostics.push(...stage.run(artifacts, profile));
    reached = stage.name;
    if (hasErrors(diagnostics) || stage.name === stopAfter) break;
  }
  return { artifacts, diagnostics, reached };
}
