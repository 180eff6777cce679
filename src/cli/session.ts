import { didYouMean } from '../util/fuzzy.js';
import {
  architecturesOf, builtinRules, DEFAULT_TARGET, environmentNames, findTarget, isFileProblem, openRules, renderDiagnostics, targetNames,
  type ArchEngine, type Diagnostic, type ModelRequest, type Result, type RuleSet,
} from '../index.js';
import type { Ctx } from './context.js';
import { CliError, DiagnosticsError, queryError, usageError } from './errors.js';
import { parseModelSpec } from './spec.js';

/** The engine of the chosen architecture, profile, machine and environment (--env); diagnostics end the run. */
export async function openEngine(ctx: Ctx): Promise<ArchEngine> {
  const env = ctx.options.env;
  if (typeof env !== 'string') return openProfileEngine(ctx);
  return environmentEngine(ctx, env);
}

/** The engine of the chosen profile under the named environment (overrides --env). */
export async function environmentEngine(ctx: Ctx, name: string): Promise<ArchEngine> {
  openProfileEngine(ctx);
  const rs = loadRules(ctx);
  const r = await rs.withEnvironment(name, ctx.profile, machineOption(ctx));
  if ('engine' in r) return r.engine;
  const notModelled = r.diagnostics.find((d) => d.code === 'env/not-modelled');
  if (notModelled) throw usageError(notModelled.message, notModelled.help);
  if (r.diagnostics.some(isFileProblem)) throw new DiagnosticsError(r.diagnostics);
  throw reportedDiagnostics(ctx, r.diagnostics);
}

function reportedDiagnostics(ctx: Ctx, diagnostics: readonly Diagnostic[]): CliError {
  ctx.io.err(`${renderDiagnostics(diagnostics, new Map())}\n`);
  return new CliError('', 1);
}

/** The engine of the chosen profile; rule diagnostics are printed and end the run. */
export function openProfileEngine(ctx: Ctx): ArchEngine {
  const rs = loadRules(ctx);
  if (!rs.ok) throw reported(ctx, rs, rs.diagnostics);
  if (rs.diagnostics.length > 0) reported(ctx, rs, rs.diagnostics);
  if (ctx.profile !== undefined && !rs.profiles.includes(ctx.profile)) {
    const known = `known profiles: ${rs.profiles.join(', ')}`;
    const hint = didYouMean(ctx.profile, rs.profiles) ?? didYouMean(`qemu-${ctx.profile}`, rs.profiles);
    throw usageError(`unknown profile \`${ctx.profile}\``, hint ? `${hint} ${known}` : known);
  }
  const r = rs.engine(ctx.profile, machineOption(ctx));
  if ('engine' in r) return r.engine;
  const machine = r.diagnostics.find((d) => d.code === 'query/unknown-machine');
  if (machine) throw usageError(machine.message, machine.help?.startsWith('did you mean') ? machine.help : 'run `cpumodel machines` to list the machine types');
  throw reported(ctx, rs, r.diagnostics);
}

/** `--machine NAME`: the compat machine type the queries run on (default: the newest behaviour). */
function machineOption(ctx: Ctx): { machine?: string } {
  const machine = ctx.options.machine;
  return typeof machine === 'string' ? { machine } : {};
}

const loaded = new WeakMap<Ctx, RuleSet>();

/** The rule set of this run, read once (engines for other options share its compiled rules). */
export function loadRules(ctx: Ctx): RuleSet {
  let rs = loaded.get(ctx);
  if (!rs) loaded.set(ctx, (rs = readRules(ctx)));
  return rs;
}

/** `--arch NAME`, checked; undefined when not given. */
export function archOption(ctx: Ctx): string | undefined {
  const arch = ctx.options.arch;
  if (arch === undefined) return undefined;
  const target = findTarget(String(arch));
  if (!target) throw usageError(`unknown architecture \`${String(arch)}\``, didYouMean(String(arch), targetNames()) ?? `known architectures: ${targetNames().join(', ')}`);
  return target.info.name;
}

/**
 * A run under built-in host environments (`--env`, `--from`, `--to`) is for
 * the one architecture whose environments they are (`host` exists only there).
 */
function hostedArch(ctx: Ctx): string | undefined {
  const envs = ['env', 'from', 'to'].map((k) => ctx.options[k]).filter((v): v is string => typeof v === 'string');
  if (envs.length === 0) return undefined;
  const archs = targetNames().filter((a) => envs.every((e) => environmentNames(a).includes(e)));
  return archs.length === 1 ? archs[0] : undefined;
}

/**
 * The architecture of a run without --arch: the one the --rules declare, else
 * the one the model arguments belong to when only one architecture knows
 * them (`cpumodel expand Westmere`), else the default.
 */
function inferredArch(ctx: Ctx): string | undefined {
  const names = (ctx.models ?? []).map((a) => a.split(',')[0]!).filter((n) => n !== '');
  const own = builtinRules().engine();
  if ('diagnostics' in own) return undefined;
  const hosted = hostedArch(ctx);
  if (hosted) return hosted;
  const known = new Set(own.engine.modelNames());
  for (const name of names) {
    if (known.has(name)) return DEFAULT_TARGET.info.name;
    const archs = architecturesOf(name);
    if (archs.length === 1) return archs[0];
  }
  return undefined;
}

/** The rules of this run; files that cannot be read end it (exit 2) with their diagnostics. */
function readRules(ctx: Ctx): RuleSet {
  const arch = archOption(ctx);
  const rs = ctx.rules ? openRules(ctx.rules, arch) : builtinRules(arch ?? inferredArch(ctx));
  return unreadable(rs);
}

/** The rule set, unless some of its files could not be read: then those diagnostics, exit 2. */
export function unreadable(rs: RuleSet): RuleSet {
  const problems = rs.diagnostics.filter(isFileProblem);
  if (problems.length > 0) throw new DiagnosticsError(problems);
  return rs;
}

/** Print diagnostics with their source lines; the error that ends the run (message already shown). */
function reported(ctx: Ctx, rs: RuleSet, diagnostics: readonly Diagnostic[]): CliError {
  ctx.io.err(`${renderDiagnostics(diagnostics, new Map(rs.sources.map((s) => [s.name, s.text])))}\n`);
  return new CliError('', 1);
}

/** A query's value, or its error as QEMU words it plus a hint. */
export function valueOf<T>(engine: ArchEngine, result: Result<T>): T {
  if (result.ok) return result.value;
  throw queryError(engine.errorText(result.error), engine.hint(result.error));
}

/** A MODEL argument (`-cpu` syntax) as a request; props apply left to right. */
export function modelRequest(text: string): ModelRequest {
  const spec = parseModelSpec(text);
  return { name: spec.name, props: spec.props };
}

/** The comparison and baseline queries, or a usage error where QEMU has none for the architecture. */
export function relationsOf(engine: ArchEngine, what: string) {
  if (engine.relations) return engine.relations;
  throw usageError(`${what} is not available for ${engine.arch.name}: QEMU answers query-cpu-model-${what} only for other architectures`,
    'the comparison and baseline of this architecture are not modelled yet');
}

/** The host-environment queries, or a usage error when the engine runs without an environment. */
export function hostsOf(engine: ArchEngine) {
  if (engine.hosts) return engine.hosts;
  throw usageError(`this needs a host environment (\`--env ENV\`), which ${engine.arch.name} does not model`);
}
