/**
 * The library's convenience layer over the facade (src/index.ts): one object
 * per architecture, profile and machine whose queries take models the way a
 * user writes them — a `-cpu` string (`'z14,vx=off'`), `{name, props}` with
 * props as an object (`{vx: false}`) or as [key, value] pairs — and return
 * QMP-shaped answers as `Result`s. README "Library" documents it.
 */
import {
  builtinRules, openRules, renderDiagnostics,
  type ArchEngine, type ComparisonInfo, type DefinitionInfo, type Diagnostic, type ExpansionInfo, type ExpansionType,
  type LintReport, type ModelError, type ModelInfo, type ModelRequest, type PropEntry, type PropOrder, type Result, type RunVerdict,
} from './index.js';
import type { Because } from './explain/because.js';
import { parseCpuSpec } from './util/cpu-spec.js';

export { parseCpuSpec, parseBoolText, ModelSpecError, type ModelSpec } from './util/cpu-spec.js';

/** Props as an object (`{vx: false, family: 6}`) or as [key, value] pairs applied in order. */
export type Props = Readonly<Record<string, unknown>> | readonly PropEntry[];

/** A model: a `-cpu` string (`'z14,vx=off'`, `'z14,-vx'`) or `{name, props}`. */
export type ModelInput = string | { readonly name: string; readonly props?: Props };

/** Integers are bigint inside the engine (as QMP's JSON parser gives them). */
const jsonValue = (v: unknown): unknown => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v);

/** A model as the engine's request; a malformed `-cpu` string throws a ModelSpecError (message and `help`). */
export function modelRequest(model: ModelInput): ModelRequest {
  if (typeof model === 'string') return parseCpuSpec(model);
  const props = model.props;
  if (props === undefined) return { name: model.name };
  const entries: PropEntry[] = Array.isArray(props) ? [...(props as readonly PropEntry[])] : Object.entries(props);
  return { name: model.name, props: entries.map(([k, v]) => [k, jsonValue(v)] as const) };
}

/** `-cpu` strings apply their props left to right; objects in QMP's order (as QEMU's QDict does). */
const orderOf = (models: readonly ModelInput[]): PropOrder => (models.every((m) => typeof m === 'string') ? 'as-given' : 'qmp');

/** Rule files that do not check: the diagnostics, and a message with their rendering. */
export class RulesError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`the rules do not check:\n${renderDiagnostics(diagnostics, new Map())}`);
  }
}

export interface CpuModelsOptions {
  /** The architecture (default: the one the rules declare, else the first known). */
  arch?: string;
  /** A profile such as `qemu-7.2` (default: the newest). */
  profile?: string;
  /** A machine type (default: as `-machine none`). */
  machine?: string;
  /** Rule files or folders instead of the built-in rules. */
  rules?: readonly string[];
}

/** The queries of one rule set, profile and machine. */
export interface CpuModels {
  readonly engine: ArchEngine;
  /** query-cpu-model-expansion (default `static`). */
  expand(model: ModelInput, type?: ExpansionType): Result<ExpansionInfo>;
  /** query-cpu-model-comparison; an error where the architecture has none. */
  compare(a: ModelInput, b: ModelInput): Result<ComparisonInfo>;
  /** query-cpu-model-baseline of two or more models, folded left. */
  baseline(...models: ModelInput[]): Result<{ model: ModelInfo }>;
  /** query-cpu-definitions. */
  definitions(): DefinitionInfo[];
  /** Why a feature is on or off in a model, citing the rules. */
  explain(model: ModelInput, feature: string): Result<Because>;
  /** The dependency problems QEMU reports when a VM starts with the model, and the smallest fixes. */
  lint(model: ModelInput): Result<LintReport>;
  /** Can a VM start with the model (under TCG). */
  checkRun(model: ModelInput): Result<RunVerdict>;
  /** QEMU's text for a query's error. */
  errorText(error: ModelError): string;
}

const noRelations = (engine: ArchEngine): Result<never> =>
  ({ ok: false, error: { code: 'not-supported', desc: `QEMU answers comparison and baseline only for other architectures than ${engine.arch.name}` } });

/** Open the queries; throws a RulesError when the rules do not check, an Error for an unknown profile or machine. */
export function cpuModels(options: CpuModelsOptions = {}): CpuModels {
  const rs = options.rules ? openRules(options.rules, options.arch) : builtinRules(options.arch);
  if (!rs.ok) throw new RulesError(rs.diagnostics);
  if (options.profile !== undefined && !rs.profiles.includes(options.profile)) {
    throw new Error(`unknown profile \`${options.profile}\` (known: ${rs.profiles.join(', ')})`);
  }
  const r = rs.engine(options.profile, options.machine === undefined ? {} : { machine: options.machine });
  if ('diagnostics' in r) throw new RulesError(r.diagnostics);
  const engine = r.engine;
  const rel = engine.relations;
  return {
    engine,
    expand: (model, type = 'static') => engine.expand(modelRequest(model), type, orderOf([model])),
    compare: (a, b) => (rel ? rel.compare(modelRequest(a), modelRequest(b), orderOf([a, b])) : noRelations(engine)),
    baseline: (...models) => (rel ? rel.baselineAll(models.map(modelRequest), orderOf(models)) : noRelations(engine)),
    definitions: () => engine.definitions(),
    explain: (model, feature) => engine.explainFeature(modelRequest(model), feature, orderOf([model])),
    lint: (model) => engine.lint(modelRequest(model), orderOf([model])),
    checkRun: (model) => engine.checkRun(modelRequest(model), orderOf([model])),
    errorText: (error) => engine.errorText(error),
  };
}
