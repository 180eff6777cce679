import { didYouMean } from '../util/fuzzy.js';
import {
  isFileProblem, renderDiagnostics,
  type ArchEngine, type Diagnostic, type ModelRequest, type Result, type RuleSet,
} from '../index.js';
import type { Ctx } from './context.js';
import { CliError, DiagnosticsError, queryError, usageError } from './errors.js';
import { parseModelSpec } from './spec.js';
import { announce, rulesInUse } from './rules-in-use.js';

export { archOption } from './rules-in-use.js';

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

function reportedDiagnostics(_ctx: Ctx, diagnostics: readonly Diagnostic[]): CliError {
  return new DiagnosticsError(diagnostics, 1);
}

/** The engine of the chosen profile; rule diagnostics are printed and end the run. */
export function openProfileEngine(ctx: Ctx): ArchEngine {
  const rs = loadRules(ctx);
  if (!rs.ok) throw reported(ctx, rs, rs.diagnostics);
  if (rs.diagnostics.length > 0) warned(ctx, rs, rs.diagnostics);
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

/** The rules of this run (announced when they come from a policy folder); files that cannot be read end it (exit 2). */
function readRules(ctx: Ctx): RuleSet {
  const inUse = rulesInUse(ctx);
  if (inUse.folder) announce(ctx, inUse);
  return unreadable(inUse.ruleSet);
}

/** The rule set, unless some of its files could not be read: then those diagnostics, exit 2. */
export function unreadable(rs: RuleSet): RuleSet {
  const problems = rs.diagnostics.filter(isFileProblem);
  if (problems.length > 0) throw new DiagnosticsError(problems);
  return rs;
}

/** The error that ends the run with the rules' diagnostics (shown with their source lines, or as JSON). */
function reported(_ctx: Ctx, rs: RuleSet, diagnostics: readonly Diagnostic[]): CliError {
  return new DiagnosticsError(diagnostics, 1, new Map(rs.sources.map((s) => [s.name, s.text])));
}

/** Print warnings with their source lines; the run goes on. */
function warned(ctx: Ctx, rs: RuleSet, diagnostics: readonly Diagnostic[]): void {
  ctx.io.err(`${renderDiagnostics(diagnostics, new Map(rs.sources.map((s) => [s.name, s.text])))}\n`);
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
