/**
 * The facade: load rule files, check them, and answer CPU-model queries for
 * a profile of an architecture. CLI, server and tools use only this module
 * (and the shared contract in src/target/types.ts it re-exports).
 */
import { error, hasErrors, type Diagnostic } from './diag/diagnostic.js';
import { join } from 'node:path';
import { builtinRuleDirs, packageRoot, readSources, type SourceText } from './load/load.js';
import { archOfFile, declaredArches } from './load/arch.js';
import type { Layout } from './fmt/layout.js';
import { environmentNames as builtinEnvironmentNames, readEnvironment } from './load/environments.js';
import { cachedParse, parseByFile } from './cache/rules-cache.js';
import { DEFAULT_TARGET, findTarget, targetNames, TARGETS } from './target/index.js';
import type { ArchEngine, EngineOptions, HostImport, HostImportOptions, Target } from './target/types.js';
import type { HostEvidence } from './hosts/evidence.js';
import { didYouMean } from './util/fuzzy.js';
import { fileStart } from './parse/outline.js';

export type * from './target/types.js';
export type * from './target/policy.js';
export { NOT_AN_OBJECT } from './target/types.js';
export { ok, fail } from './target/result.js';
export { qmpReply } from './target/reply.js';
export { TARGETS, DEFAULT_TARGET, findTarget, targetNames } from './target/index.js';
export { renderDiagnostics, renderDiagnostic, summaryLine, diagnosticsJson } from './diag/render.js';
export { limitDiagnostics } from './diag/limit.js';
export type { Diagnostic, Span } from './diag/diagnostic.js';
export { runPipeline, STAGES } from './pipeline.js';
export { renderTree } from './explain/render.js';
export { citedRules, type Because, type Fact } from './explain/because.js';
export { FileError, fileDiagnostic, isFileProblem, MAX_FILE_BYTES, readTextFile, type FileStamp, type TextFile } from './load/files.js';
export { listYamlFiles } from './load/list.js';
export { displayName, readListed } from './load/load.js';
export { readEvidence, KIND_TEXT, type HostEvidence } from './hosts/evidence.js';
export { provenanceHeader } from './hosts/provenance.js';
export { readCpuXml, problemDiagnostics, type ReadCpu } from './interop/cpu-xml.js';
export { decompose, rebuilds, type Decomposed } from './interop/cpu-spec.js';
export { cpuXmlOf } from './interop/libvirt-out.js';
export { writeFileAtomic, type WriteFs, type WriteOptions } from './load/write.js';

/** Options of a query besides the profile: the machine, the environment, and the architecture. */
export type QueryOptions = EngineOptions & { arch?: string };

/** A parsed and checked rule set of one architecture; engines per profile are built on demand. */
export class RuleSet {
  private readonly solved = new Map<string, { solved: unknown } | { diagnostics: Diagnostic[] }>();
  private readonly engines = new Map<string, ArchEngine>();
  private parsed: { sources: readonly SourceText[]; ast: unknown } | undefined;
  private reload: (() => { sources: readonly SourceText[]; ast: unknown }) | undefined;
  private profileNames: string[] | undefined;

  constructor(readonly target: Target, sources: readonly SourceText[], ast: unknown, readonly diagnostics: Diagnostic[]) {
    this.parsed = { sources, ast };
  }

  /** The rule files' texts (read again on first use after `detach`). */
  get sources(): readonly SourceText[] {
    return this.attached().sources;
  }

  /** The parsed and checked rules (read again on first use after `detach`). */
  get ast(): unknown {
    return this.attached().ast;
  }

  private attached(): { sources: readonly SourceText[]; ast: unknown } {
    this.parsed ??= this.reload!();
    return this.parsed;
  }

  /**
   * Drops the sources and the AST, keeping the compiled and solved profiles
   * and the engines made so far; `reload` gives the same sources and AST
   * back when something asks for them. For the warm-start snapshot
   * (src/cli/snapshot-entry.ts), which is smaller without them.
   */
  detach(reload: () => { sources: readonly SourceText[]; ast: unknown }): void {
    this.profileNames = this.profiles;
    this.parsed = undefined;
    this.reload = reload;
  }

  get ok(): boolean {
    return !hasErrors(this.diagnostics);
  }

  get profiles(): string[] {
    this.profileNames ??= this.target.profiles(this.ast).map((p) => p.name);
    return [...this.profileNames];
  }

  get defaultProfile(): string | undefined {
    return this.profiles.at(-1);
  }

  /** A profile compiled and solved once (engines with other options share it). */
  solution(profile = this.defaultProfile): { solved: unknown } | { diagnostics: Diagnostic[] } {
    if (!this.ok) return { diagnostics: this.diagnostics };
    const key = `${profile}`;
    let hit = this.solved.get(key);
    if (!hit) {
      const compiled = this.target.compile(this.ast, profile);
      hit = compiled.rules === null ? { diagnostics: compiled.diagnostics } : { solved: this.target.solve(compiled.rules) };
      this.solved.set(key, hit);
    }
    return hit;
  }

  /** The engine of a profile (default: the newest), or the diagnostics that prevent it (`query/unknown-machine`, …). */
  engine(profile = this.defaultProfile, options: EngineOptions = {}): { engine: ArchEngine } | { diagnostics: Diagnostic[] } {
    const key = `${profile}|${options.machine ?? ''}`;
    const cached = options.environment === undefined ? this.engines.get(key) : undefined;
    if (cached) return { engine: cached };
    const base = this.solution(profile);
    if ('diagnostics' in base) return base;
    const r = this.target.engine(base.solved, options);
    if ('engine' in r && options.environment === undefined) this.engines.set(key, r.engine);
    return r;
  }

  /**
   * The engine of a profile under a host environment: a built-in name, or a
   * path (one with a `/` or ending in .yaml, relative to `base`, default the
   * working directory): src/load/environments.ts.
   */
  async withEnvironment(nameOrPath: string, profile = this.defaultProfile, options: EngineOptions = {}, base?: string): Promise<{ engine: ArchEngine } | { diagnostics: Diagnostic[] }> {
    const envs = this.target.environments;
    if (!envs) return { diagnostics: [error('env/not-modelled', `${this.target.info.name} has no host environments yet`, undefined, 'run without `--env`: the answers are those of TCG')] };
    const solved = this.solution(profile);
    if ('diagnostics' in solved) return solved;
    const found = readEnvironment(envs.builtinDir, nameOrPath, base);
    if (found === null) return { diagnostics: [unknownEnvironment(this.target, nameOrPath)] };
    if ('diagnostic' in found) return { diagnostics: [found.diagnostic] };
    const resolved = await envs.resolve(solved.solved, found.source, nameOrPath);
    if ('diagnostics' in resolved) return resolved;
    return this.engine(profile, { ...options, environment: resolved.environment });
  }

  /** A host dump read into this architecture's host description (`cpumodel host import`). */
  async importHost(evidence: HostEvidence, options: HostImportOptions, profile = this.defaultProfile): Promise<HostImport | { diagnostics: Diagnostic[] }> {
    const importer = this.target.hostImport;
    const at = evidence.models[0]?.span ?? fileStart(evidence.file);
    if (!importer) return { diagnostics: [error('import/not-supported', `${this.target.info.name} cannot import hosts`, at, `architectures that can: ${TARGETS.filter((t) => t.hostImport).map((t) => t.info.name).join(', ')}`)] };
    const solved = this.solution(profile);
    if ('diagnostics' in solved) return solved;
    return importer.run(solved.solved, evidence, options);
  }
}

/**
 * The architecture of a host dump: the one the input names (libvirt's
 * `<arch>`), else the one whose rules know the model it names, else the one
 * that recognizes a text dump; a diagnostic when none or several fit.
 */
export function architectureOfHost(evidence: HostEvidence): string | Diagnostic {
  const help = `give --arch (${targetNames().join(', ')})`;
  const at = evidence.models[0]?.span ?? fileStart(evidence.file);
  if (evidence.arch !== undefined) return findTarget(evidence.arch)?.info.name ?? error('import/unknown-architecture', `unknown architecture \`${evidence.arch}\``, at, help);
  const model = evidence.models[0];
  const archs = model ? architecturesOf(model.name) : TARGETS.filter((t) => t.hostImport?.recognizes(evidence)).map((t) => t.info.name);
  if (archs.length === 1) return archs[0]!;
  const what = model ? `the model \`${model.name}\`` : 'the dump';
  return error('import/unknown-architecture', archs.length ? `${what} fits several architectures: ${archs.join(', ')}` : `${what} belongs to no known architecture`, at, help);
}

function unknownEnvironment(target: Target, name: string): Diagnostic {
  const names = environmentNames(target.info.name);
  return error('env/unknown-environment', `unknown environment \`${name}\``, undefined,
    didYouMean(name, names) ?? `built-in environments: ${names.join(', ')}; or give a path to a .yaml file (a name has only letters, digits, \`.\`, \`_\` and \`-\`)`);
}

/** The built-in environment names of an architecture (none where it has no environments). */
export function environmentNames(arch?: string): string[] {
  const envs = targetOf(arch).environments;
  return envs ? builtinEnvironmentNames(envs.builtinDir) : [];
}

function targetOf(arch: string | undefined): Target {
  if (arch === undefined) return DEFAULT_TARGET;
  const target = findTarget(arch);
  if (!target) throw new Error(`unknown architecture \`${arch}\` (known: ${targetNames().join(', ')})`);
  return target;
}

/** The target of sources: the one asked for, else the one they declare (`arch:`), else the default. */
function chooseTarget(sources: readonly SourceText[], arch?: string): { target: Target; diagnostics: Diagnostic[] } {
  const all = declaredArches(sources);
  const declared = all[0];
  const other = all.find((d) => d.name !== declared?.name);
  if (declared && other) {
    return { target: DEFAULT_TARGET, diagnostics: [error('load/mixed-arch', `these rule files are for \`${declared.name}\` and for \`${other.name}\``, other.span,
      `give the folders of one architecture, e.g. \`rules/${declared.name}\` and \`models/${declared.name}\``)] };
  }
  const asked = arch === undefined ? undefined : findTarget(arch);
  if (arch !== undefined && !asked) throw new Error(`unknown architecture \`${arch}\` (known: ${targetNames().join(', ')})`);
  const named = declared && findTarget(declared.name);
  if (declared && !named) {
    const help = didYouMean(declared.name, targetNames()) ?? `known architectures: ${targetNames().join(', ')}`;
    return { target: asked ?? DEFAULT_TARGET, diagnostics: [error('load/unknown-arch', `unknown architecture \`${declared.name}\``, declared.span, help)] };
  }
  if (asked && named && asked !== named) {
    return { target: asked, diagnostics: [error('load/arch-mismatch', `these rules are for \`${named.info.name}\`, not \`${asked.info.name}\``, declared!.span, `drop \`--arch\` or use \`--arch ${named.info.name}\``)] };
  }
  return { target: asked ?? named ?? DEFAULT_TARGET, diagnostics: [] };
}

function parseAndCheck(target: Target, sources: readonly SourceText[], parse = (s: readonly SourceText[]) => target.parse(s)) {
  const { ast, diagnostics } = parse(sources);
  // The check runs over the parts that parsed too: parse and name errors come in one run.
  diagnostics.push(...target.check(ast));
  return { ast, diagnostics };
}

/** Parse and check rule sources (of the architecture they declare, or `arch`). */
export function ruleSetFromSources(sources: readonly SourceText[], arch?: string): RuleSet {
  const { target, diagnostics: chosen } = chooseTarget(sources, arch);
  const { ast, diagnostics } = chosen.length ? { ast: target.emptyAst(), diagnostics: [] } : parseAndCheck(target, sources);
  return new RuleSet(target, sources, ast, [...chosen, ...diagnostics]);
}

/**
 * Load rule files from directories or files (default: the built-in rules of
 * `arch`). The parsed and checked result comes from the on-disk cache when
 * the files (and the parsing code) are unchanged: src/cache/rules-cache.ts.
 * Files that cannot be read give a rule set that is not `ok`, whose
 * diagnostics say which and why (`isFileProblem`); it never throws for them.
 */
export function openRules(paths?: readonly string[], arch?: string): RuleSet {
  const { sources, diagnostics: unreadable } = readSources(paths ?? builtinRuleDirs(targetOf(arch).info.name));
  const { target, diagnostics: chosen } = chooseTarget(sources, paths === undefined ? targetOf(arch).info.name : arch);
  if (unreadable.length || chosen.length) return new RuleSet(target, sources, target.emptyAst(), [...unreadable, ...chosen]);
  const { ast, diagnostics } = cachedParse(target, sources, () => parseAndCheck(target, sources, (s) => parseByFile(target, s)));
  return new RuleSet(target, sources, ast, diagnostics);
}

const builtins = new Map<string, RuleSet>();

/** The built-in rules of an architecture (default: the first of the table), read once. */
export function builtinRules(arch?: string): RuleSet {
  const name = targetOf(arch).info.name;
  let rs = builtins.get(name);
  if (!rs) builtins.set(name, (rs = openRules(undefined, name)));
  return rs;
}

/** Forgets the built-in rule sets read so far (the warm-start snapshot's, when the files changed): the next use reads them again. */
export function forgetBuiltinRules(): void {
  builtins.clear();
}

/** The built-in rules' engine; throws if the shipped rules are broken or the machine is unknown. */
export function builtinEngine(profile?: string, options: QueryOptions = {}): ArchEngine {
  const { arch, ...rest } = options;
  const result = builtinRules(arch).engine(profile, rest);
  if ('engine' in result) return result.engine;
  const unknown = result.diagnostics.find((d) => d.code === 'query/unknown-machine');
  if (unknown) throw new Error(`${unknown.message} (${unknown.help})`);
  throw new Error(`built-in rules do not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
}

/** The architectures whose built-in rules (default profile) know a model name. */
export function architecturesOf(model: string): string[] {
  return TARGETS.filter((t) => {
    const r = builtinRules(t.info.name).engine();
    return 'engine' in r && r.engine.modelNames().includes(model);
  }).map((t) => t.info.name);
}

/** A path inside the installed package (rules, models, suites). */
export function packageDir(relativePath: string): string {
  return join(packageRoot(), relativePath);
}

/** The formatter's layout for a rule file: that of the architecture it belongs to (src/load/arch.ts). */
export function layoutOfFile(file: string): Layout {
  const arch = archOfFile(file, targetNames());
  return (arch ? findTarget(arch) ?? DEFAULT_TARGET : DEFAULT_TARGET).policy.layout;
}
