import { didYouMean } from '../util/fuzzy.js';
import { errorText, openRules, renderDiagnostics, resolveEnvironment, type ResolvedEnvironment, type Diagnostic, type Engine, type ModelError, type Result, type RuleSet } from '../index.js';
import type { CpuModel } from '../index.js';
import type { Ctx } from './context.js';
import { CliError, queryError, usageError } from './errors.js';
import { parseModelSpec } from './spec.js';

/** The engine of the chosen profile and environment (--env); diagnostics are printed and end the run. */
export async function openEngine(ctx: Ctx): Promise<Engine> {
  const engine = openProfileEngine(ctx);
  const env = ctx.options.env;
  if (typeof env !== 'string') return engine;
  const resolved = await resolveEnvironment(engine, env);
  if ('diagnostics' in resolved) throw reportedDiagnostics(ctx, resolved.diagnostics);
  return withEnvironment(ctx, resolved.environment);
}

/** The engine of the same profile under a resolved environment. */
export function withEnvironment(ctx: Ctx, environment: ResolvedEnvironment): Engine {
  const r = loadRules(ctx).engine(ctx.profile, { ...machineOption(ctx), environment });
  if ('engine' in r) return r.engine;
  throw reportedDiagnostics(ctx, r.diagnostics);
}

function reportedDiagnostics(ctx: Ctx, diagnostics: readonly Diagnostic[]): CliError {
  ctx.io.err(`${renderDiagnostics(diagnostics, new Map())}\n`);
  return new CliError('', 1);
}

/** The engine of the chosen profile; rule diagnostics are printed and end the run. */
export function openProfileEngine(ctx: Ctx): Engine {
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
function loadRules(ctx: Ctx): RuleSet {
  let rs = loaded.get(ctx);
  if (!rs) loaded.set(ctx, (rs = readRules(ctx)));
  return rs;
}

function readRules(ctx: Ctx): RuleSet {
  try {
    return ctx.rules ? openRules(ctx.rules) : openRules();
  } catch (e) {
    throw usageError(`cannot read rules: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Print diagnostics with their source lines; the error that ends the run (message already shown). */
function reported(ctx: Ctx, rs: RuleSet, diagnostics: readonly Diagnostic[]): CliError {
  ctx.io.err(`${renderDiagnostics(diagnostics, new Map(rs.sources.map((s) => [s.name, s.text])))}\n`);
  return new CliError('', 1);
}

/** A query's value, or its error as QEMU words it plus a hint. */
export function valueOf<T>(engine: Engine, result: Result<T>): T {
  if (result.ok) return result.value;
  throw queryError(errorText(result.error, engine.dialect), hint(engine, result.error));
}

function hint(engine: Engine, e: ModelError): string | undefined {
  switch (e.code) {
    case 'unknown-model':
      return didYouMean(e.name, engine.catalog.keys()) ?? 'run `cpumodel definitions` to list the models';
    case 'property-not-found':
      return didYouMean(e.key, propertyNames(engine)) ?? 'run `cpumodel features` and `cpumodel groups` to list the properties';
    case 'feature-too-new':
    case 'group-too-new':
      return introducedWith(engine, e.code === 'feature-too-new' ? e.feature : e.group);
    default:
      return undefined;
  }
}

export function propertyNames(engine: Engine): string[] {
  return [...engine.rules.featureIndex.keys(), ...engine.rules.groupIndex.keys()];
}

/** The first definition whose full set has the feature (or part of the group). */
function introducedWith(engine: Engine, name: string): string | undefined {
  const { rules, solution } = engine;
  const f = rules.featureIndex.get(name);
  const g = rules.groupIndex.get(name);
  const def = rules.definitions.find((d) => {
    const full = solution.sets[d.level]!.full;
    return f !== undefined ? full.has(f) : g !== undefined && full.intersects(rules.groups[g]!.mask);
  });
  return def && `\`${name}\` was introduced with \`${def.name}\``;
}

/** Build a MODEL argument (`-cpu` syntax, props applied left to right). */
export function buildModel(engine: Engine, text: string): CpuModel {
  const spec = parseModelSpec(text);
  return valueOf(engine, engine.build({ name: spec.name, props: spec.props }, 'model', 'as-given'));
}

/** A property's description: the feature's or the group's. */
export function describe(engine: Engine, name: string): string {
  const { rules } = engine;
  const f = rules.featureIndex.get(name);
  if (f !== undefined) return rules.features[f]!.desc;
  const g = rules.groupIndex.get(name);
  return g !== undefined ? rules.groups[g]!.desc : '';
}
