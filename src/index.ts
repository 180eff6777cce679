/**
 * The facade: load rule files, check them, and answer CPU-model queries for a
 * profile. CLI and server use only this module.
 */
import { compileProfile } from './target/s390x/compile/compile.js';
import { hasErrors, type Diagnostic } from './diag/diagnostic.js';
import { builtinRuleDirs, loadSources, type SourceText } from './load/load.js';
import type { RuleSetAst } from './target/s390x/parse/ast.js';
// Parse and check load on first use (they need `yaml`); see src/cache/stages.ts.
import { checkRules, parseSources } from './cache/stages.js';
import { cachedParse } from './cache/rules-cache.js';
import { Engine, type EngineOptions } from './target/s390x/query/engine.js';
import { solveGenerations, type Solution } from './target/s390x/solve/generations.js';
import { resolveMachine, unknownMachine } from './target/s390x/query/machine.js';
import type { CompiledRules } from './target/s390x/compile/ir.js';

export { Engine, NOT_AN_OBJECT, type EngineOptions } from './target/s390x/query/engine.js';
export type { ModelRequest, PropOrder } from './target/s390x/query/engine.js';
export type { PropEntry } from './target/s390x/query/props.js';
export { staticInfo, fullInfo, type ExpansionInfo, type ExpansionType, type ModelInfo } from './target/s390x/query/expand.js';
export { compress } from './target/s390x/query/compress.js';
export type { CpuModel, ModelClass } from './target/s390x/query/catalog.js';
export type { ComparisonInfo, CompareResult } from './target/s390x/query/compare.js';
export type { DefinitionInfo } from './target/s390x/query/definitions.js';
export { errorText, errorClass, qmpReply, type ModelError, type Result, type Dialect } from './target/s390x/query/errors.js';
export { renderDiagnostics, renderDiagnostic, summaryLine } from './diag/render.js';
export type { Diagnostic, Span } from './diag/diagnostic.js';
export { runPipeline, STAGES } from './pipeline.js';
export { explainFeature } from './target/s390x/query/explain-feature.js';
export { machineNames, resolveMachine, type MachineView, type ActiveFeatoff } from './target/s390x/query/machine.js';
export { explainComparison } from './target/s390x/query/explain-compare.js';
export { explainBaseline } from './target/s390x/query/explain-baseline.js';
export { explainUnavailable } from './target/s390x/query/explain-definitions.js';
export { explainError } from './target/s390x/query/explain-error.js';
export { explainHostDifferences } from './target/s390x/query/explain-host.js';
export { lintModel, type LintReport, type Fix } from './target/s390x/query/lint.js';
export { renderTree } from './explain/render.js';
export { realize, type RealizeReport } from './target/s390x/query/runnable.js';
export { checkRun, migrate, clusterBaseline, runVerdict, type RunVerdict, type MigrationVerdict } from './target/s390x/query/migration.js';
export { environmentNames } from './load/environments.js';
export type { ResolvedEnvironment } from './target/s390x/environments.js';

/** src/env.ts resolveEnvironment, loaded on first use (environments need json-rules-engine, plain queries do not). */
export async function resolveEnvironment(...args: Parameters<typeof import('./target/s390x/environments.js').resolveEnvironment>): ReturnType<typeof import('./target/s390x/environments.js').resolveEnvironment> {
  return (await import('./target/s390x/environments.js')).resolveEnvironment(...args);
}
export { citedRules, type Because, type Fact } from './explain/because.js';
/** The policy checks (`cpumodel check`), loaded on first use: src/check/semantic/index.ts. */
export const lintRules = async (...args: Parameters<typeof import('./target/s390x/check/semantic/index.js').lintRules>) => (await import('./target/s390x/check/semantic/index.js')).lintRules(...args);

/** A parsed and checked rule set; engines per profile are built on demand. */
export class RuleSet {
  private readonly engines = new Map<string, Engine>();
  private readonly solutions = new Map<string, { rules: CompiledRules; solution: Solution }>();

  constructor(readonly sources: readonly SourceText[], readonly ast: RuleSetAst, readonly diagnostics: Diagnostic[]) {}

  get ok(): boolean {
    return !hasErrors(this.diagnostics);
  }

  get profiles(): string[] {
    return this.ast.profiles.map((p) => p.name.value);
  }

  get defaultProfile(): string | undefined {
    return this.profiles.at(-1);
  }

  /**
   * The engine of a profile (default: the newest), or the diagnostics that
   * prevent it; an unknown `options.machine` gives `query/unknown-machine`.
   */
  engine(profile = this.defaultProfile, options: EngineOptions = {}): { engine: Engine } | { diagnostics: Diagnostic[] } {
    if (!this.ok) return { diagnostics: this.diagnostics };
    const key = `${profile}|${options.machine ?? ''}|${options.environment?.env.file ?? ''}`;
    const cached = this.engines.get(key);
    if (cached) return { engine: cached };
    const base = this.solved(profile);
    if ('diagnostics' in base) return base;
    if (!resolveMachine(base.rules, options.machine)) return { diagnostics: [unknownMachine(base.rules, options.machine!)] };
    const engine = new Engine(base.rules, base.solution, options);
    this.engines.set(key, engine);
    return { engine };
  }

  /** Compile and solve a profile once; engines with other options share the result. */
  private solved(profile: string | undefined) {
    const key = `${profile}`;
    let hit = this.solutions.get(key);
    if (!hit) {
      const compiled = compileProfile(this.ast, profile);
      if (!compiled.rules) return { diagnostics: compiled.diagnostics };
      hit = { rules: compiled.rules, solution: solveGenerations(compiled.rules) };
      this.solutions.set(key, hit);
    }
    return hit;
  }
}

/** Parse and check rule sources. */
export function ruleSetFromSources(sources: readonly SourceText[]): RuleSet {
  const { ast, diagnostics } = parseAndCheck(sources);
  return new RuleSet(sources, ast, diagnostics);
}

function parseAndCheck(sources: readonly SourceText[]) {
  const { ast, diagnostics } = parseSources(sources);
  if (!hasErrors(diagnostics)) diagnostics.push(...checkRules(ast));
  return { ast, diagnostics };
}

/**
 * Load rule files from directories or files (default: the built-in rules).
 * The parsed and checked result comes from the on-disk cache when the files
 * (and the parsing code) are unchanged: src/cache/rules-cache.ts.
 */
export function openRules(paths: readonly string[] = builtinRuleDirs()): RuleSet {
  const sources = loadSources(paths);
  const { ast, diagnostics } = cachedParse(sources, () => parseAndCheck(sources));
  return new RuleSet(sources, ast, diagnostics);
}

/** The built-in rules' engine for a profile; throws if the shipped rules are broken or the machine is unknown. */
let builtin: RuleSet | undefined;

export function builtinEngine(profile?: string, options: EngineOptions = {}): Engine {
  builtin ??= openRules();
  const result = builtin.engine(profile, options);
  if ('engine' in result) return result.engine;
  const unknown = result.diagnostics.find((d) => d.code === 'query/unknown-machine');
  if (unknown) throw new Error(`${unknown.message} (${unknown.help})`);
  throw new Error(`built-in rules do not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
}
