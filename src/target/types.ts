/**
 * The contract between the shared code and an architecture ("target").
 *
 * Shared code (the facade, the CLI, the QMP server, the policy tools, the
 * oracle) reaches an architecture only through these interfaces, found in
 * the table of src/target/index.ts; it never names an architecture. What an
 * architecture can do beyond the common queries is an optional capability
 * (`relations`, `hosts`, …): shared code asks whether it is there, never
 * which architecture it is talking to.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Because } from '../explain/because.js';
import type { HostEvidence } from '../hosts/evidence.js';
import type { SourceText } from '../load/load.js';
import type { PolicyHooks } from './policy.js';
import type { ModelError, Result } from './result.js';

export type { ModelError, Result } from './result.js';

// ---------------------------------------------------------------- requests

/** A property assignment as written by the client; the value is any JSON (integers as bigint). */
export type PropEntry = readonly [key: string, value: unknown];

/** `props` was a JSON value that is not an object. */
export const NOT_AN_OBJECT = 'not-an-object';

export interface ModelRequest {
  name: string;
  /** The client's props; NOT_AN_OBJECT when `props` was some other JSON value. */
  props?: readonly PropEntry[] | typeof NOT_AN_OBJECT;
}

/** 'qmp': QDict order (what QMP does); 'as-given': left to right (what `-cpu` does). */
export type PropOrder = 'qmp' | 'as-given';

/** 'legacy' = QEMU 7.2 texts; 'qapi-path' = 10.x texts with full QAPI paths. */
export type Dialect = 'legacy' | 'qapi-path';

// ---------------------------------------------------------------- answers (QMP shapes)

export type ExpansionType = 'static' | 'full';

/** QMP CpuModelInfo. Props in QEMU's insertion order (the writer applies QDict order). */
export interface ModelInfo {
  name: string;
  /** Booleans for features; numbers (bigint above 2^53), strings for other QOM properties. */
  props?: Record<string, unknown>;
}

export interface ExpansionInfo {
  model: ModelInfo;
  'deprecated-props'?: string[];
}

/**
 * An expansion's props as two lists: the keys in insertion order, the same
 * array (by identity) in every answer with those keys, and the values in the
 * same order (undefined: no such member).
 */
export interface PropList {
  readonly keys: readonly string[];
  readonly values: readonly unknown[];
  /** The values array recurs too (the same array, never changed, in other answers): a writer may remember its text. */
  readonly recurs?: boolean;
}

/** QMP CpuDefinitionInfo; the fields an architecture's QEMU prints, in its insertion order. */
export interface DefinitionInfo {
  name: string;
  typename: string;
  'unavailable-features': string[];
  static: boolean;
  'migration-safe': boolean;
  deprecated: boolean;
  'alias-of'?: string;
}

export type CompareResult = 'identical' | 'subset' | 'superset' | 'incompatible';

export interface ComparisonInfo {
  result: CompareResult;
  'responsible-properties': string[];
}

/** What QEMU prints when it realizes (starts) a CPU: warnings, then at most one error. */
export interface RealizeReport {
  warnings: string[];
  error?: string;
  /** QEMU 10.x adds a hint line after the error. */
  hint?: string;
}

export interface Fix {
  action: 'enable' | 'disable';
  features: string[];
  /** False when the model cannot have the features (enabling fails). */
  feasible: boolean;
}

/** A model's dependency problems as QEMU reports them at VM start, with the smallest fixes. */
export interface LintReport {
  model: string;
  warnings: string[];
  fixes: Fix[];
  explanation: Because;
}

/** Can MODEL run where the engine runs (TCG, or the engine's environment). */
export interface RunVerdict {
  environment: string;
  runnable: boolean;
  warnings: string[];
  error?: string;
  hint?: string;
  /** query-cpu-definitions' unavailable-features for this model here. */
  unavailable: string[];
  /** What keeps it from running, one group per reason (where the architecture can say). */
  reasons?: MissingReason[];
  /** How to make it run here (where the architecture can say). */
  fix?: RunFix;
  /** The reasons as an explanation tree (deciding rules, facts). */
  explanation?: Because;
}

/** Features missing for one reason; each missing feature is in exactly one group. */
export interface MissingReason {
  /** `generation`, `environment`, `export-regulation`, `explicit` or `tcg`. */
  kind: string;
  /** The kind in words: `generation`, `environment rule`, `export regulation`, `environment facts`, `TCG`. */
  label: string;
  /** What removes them, in words. */
  reason: string;
  /** The deciding rule. */
  rule?: { id: string; at: string };
  /** The missing properties (groups named once). */
  features: string[];
}

/** How to make a model run where it cannot. */
export interface RunFix {
  /** The closest model that runs there: the baseline of the request with the host (static expansion). */
  closest: ModelInfo | null;
  /** The smallest set of props to switch off; null when no props help (the generation is too new). */
  drop: string[] | null;
  /** The request with `drop` switched off, in `-cpu` syntax. */
  spec?: string;
}

/** A table for the listing commands: column titles, rows of cells, and the JSON form. */
export interface Listing {
  columns: string[];
  rows: string[][];
  json: unknown;
  /** Columns to right-align (numbers). */
  right?: number[];
  /** A line printed (dimmed, wrapped) under each row, e.g. a group's members. */
  details?: string[];
  /** Wrap the last column to the terminal width. */
  wrapLast?: boolean;
}

/** Facts about an architecture shared code may print or use as data. */
export interface ArchInfo {
  /** libvirt's and QEMU's name: `s390x`, `x86_64`. */
  name: string;
  /** Other accepted spellings (`s390`, `x86-64`, `amd64`). */
  aliases: readonly string[];
  /** The QEMU binary: `qemu-system-s390x`. */
  qemuBinary: string;
  /** QOM type suffix of CPU models: `-s390x-cpu`. */
  typeSuffix: string;
  /** The listing kinds this architecture offers (models, features, groups, machines, …). */
  listings: readonly string[];
}

export interface ProfileInfo {
  name: string;
  /** The QEMU version answered for, e.g. "10.0.2". */
  qemu: string;
  package: string;
}

// ---------------------------------------------------------------- engines

/** What a query runs under besides the profile. */
export interface EngineOptions {
  /** A machine type name (`s390-ccw-virtio-6.2`, `pc-i440fx-4.0`); default: `-machine none`. */
  machine?: string;
  /** A resolved host environment (see `Hosts`); default: TCG without a host model. */
  environment?: unknown;
}

/** Comparison and baseline (QMP query-cpu-model-comparison/-baseline) and their explanations. */
export interface Relations {
  /** false: QEMU has no such commands for this architecture (cpumodel's own; QMP offers them only as x- commands on request). */
  readonly native?: boolean;
  compare(a: ModelRequest, b: ModelRequest, order?: PropOrder): Result<ComparisonInfo>;
  baseline(a: ModelRequest, b: ModelRequest, order?: PropOrder): Result<{ model: ModelInfo }>;
  /** Baseline of n ≥ 2 models, folded left as the CLI does. */
  baselineAll(models: readonly ModelRequest[], order?: PropOrder): Result<{ model: ModelInfo }>;
  explainComparison(a: ModelRequest, b: ModelRequest, order?: PropOrder): Result<Because>;
  explainBaseline(a: ModelRequest, b: ModelRequest, order?: PropOrder): Result<Because>;
  /** Rows for the CLI's comparison table: [label, text]. */
  comparisonRows(a: ModelRequest, b: ModelRequest, order?: PropOrder): Result<[string, string][]>;
}

export interface MigrationVerdict {
  ok: boolean;
  /** The model as the source expands it (host and max become a concrete static model); null when the source cannot build it. */
  model: ModelInfo | null;
  source: RunVerdict;
  target: RunVerdict;
  explanation: Because;
}

/** The model for a cluster, its dependency problems and a proposal that runs everywhere and breaks none. */
export interface ClusterAnswer {
  model: ModelInfo;
  /** QEMU's realize-time warnings for the model (dependencies it breaks on every host). */
  warnings: string[];
  /** The model with the dependency fix; null when the model breaks nothing. */
  proposal: ModelInfo | null;
  /** What the proposal switches off. */
  drop: string[];
  /** Which host removed which feature, and the dependency problems. */
  explanation: Because;
}

/** Questions about the engine's host environment (KVM host models, migration, clusters). */
export interface Hosts {
  /** The host model of the environment, as query-cpu-model-expansion of `host` answers; null without one (TCG). */
  hostModel(type: ExpansionType): ModelInfo | null;
  /** Every difference between the hardware and the host model, with the rule behind it; null without a host model. */
  explainHost(): Because | null;
  /** The environment's one-line description. */
  description(): string;
  /** Can a guest with the model move from this engine's environment to `to`'s? */
  migrate(to: ArchEngine, req: ModelRequest, order?: PropOrder): Result<MigrationVerdict>;
  /** The model that runs on this host and every other one: the baseline of the host models. */
  cluster(others: readonly ArchEngine[]): Result<ClusterAnswer>;
}

/** The engine of one profile, machine and environment: every answer is a pure function of the rules. */
export interface ArchEngine {
  readonly arch: ArchInfo;
  readonly profile: ProfileInfo;
  readonly dialect: Dialect;
  /** The machine type in effect (`none` when none was asked for). */
  readonly machine: string;
  /** The environment in effect: its name, or `tcg`. */
  readonly environment: string;

  /** QEMU's text for an error, in this profile's dialect, and its QMP class. */
  errorText(e: ModelError): string;
  errorClass(e: ModelError): string;
  /** A hint for a CLI user (did-you-mean, where a feature first appears), or undefined. */
  hint(e: ModelError): string | undefined;

  /** query-cpu-model-expansion. */
  expand(req: ModelRequest, type: ExpansionType, order?: PropOrder): Result<ExpansionInfo>;
  /**
   * Optional: expand in QDict (QMP) order, the props as a PropList, so that a
   * writer can lay out a long, recurring key list once rather than read a
   * 500-key object per answer. Same answers as expand.
   */
  expandList?(req: ModelRequest, type: ExpansionType): Result<{ model: { name: string; props: PropList } }>;
  /** query-cpu-definitions. */
  definitions(): DefinitionInfo[];
  /** What starting a VM with the model prints (warnings, the runnability error). */
  realize(req: ModelRequest, order?: PropOrder): Result<RealizeReport>;
  /** Can the model run here, with what query-cpu-definitions would list as unavailable. */
  checkRun(req: ModelRequest, order?: PropOrder): Result<RunVerdict>;
  lint(req: ModelRequest, order?: PropOrder): Result<LintReport>;

  explainFeature(req: ModelRequest, feature: string, order?: PropOrder): Result<Because>;
  /** Why query-cpu-definitions lists a model's unavailable features; null for an unknown model. */
  explainUnavailable(name: string): Because | null;
  /** The explanation of a failed query (why the error). */
  explainError(e: ModelError): Because;

  /** Every model name query-cpu-definitions lists, in the engine's own order. */
  modelNames(): string[];
  /** Every property name a model accepts in `props` (features, groups, aliases, other QOM properties). */
  propertyNames(): string[];
  /** A model's or a property's one-line description ('' when none). */
  describeModel(name: string): string;
  describeProperty(name: string): string;
  /** A listing (`models`, `features`, `groups`, `machines`, …); null when the architecture has none of that kind. */
  listing(kind: string, options?: { model?: string }): Result<Listing> | null;

  /** Every rule id of the profile's IR, by the part of the IR it belongs to (for test coverage). */
  ruleIds(): Map<string, Set<string>>;
  /** Where each of those rule ids is written: `file:line`. */
  ruleLocations(): Map<string, string>;
  /** The rules behind a model's starting state (definition, sets, versions); `withProps` adds what props are checked against. */
  derivationRules(model: string, withProps: boolean): string[];
  /** The rules the engine's options bring in (machine type, environment rules that fired). */
  contextRules(): string[];

  /** Present where QEMU answers comparison and baseline for this architecture. */
  readonly relations?: Relations;
  /** Present where the architecture models host environments. */
  readonly hosts?: Hosts;
}

// ---------------------------------------------------------------- libvirt CPU XML

export type LibvirtMode = 'custom' | 'host-model' | 'host-passthrough' | 'maximum';
export type LibvirtMatch = 'exact' | 'minimum' | 'strict';
export type LibvirtPolicy = 'force' | 'require' | 'optional' | 'disable' | 'forbid';

/** A libvirt `<cpu>` element as read (src/interop/cpu-xml.ts): the parts that decide the model. */
export interface LibvirtCpu {
  mode: LibvirtMode;
  match: LibvirtMatch;
  model?: { name: string; fallback: 'allow' | 'forbid' };
  features: readonly { policy: LibvirtPolicy; name: string }[];
  /** `deprecated_features='on|off'` (libvirt 11): `off` turns every deprecated feature off. */
  deprecatedFeatures?: 'on' | 'off';
}

/** What a target refuses in a `<cpu>`: where (the mode, the match, the model, or the i-th feature), why, and the fix. */
export interface LibvirtProblem {
  at: 'mode' | 'match' | 'model' | 'deprecated' | { feature: number };
  message: string;
  help: string;
}

/** How libvirt maps its CPU XML to QEMU's models on an architecture. */
export interface LibvirtMapping {
  /** The model libvirt asks QEMU for (what it puts on `-cpu`), or what it refuses. */
  request(engine: ArchEngine, cpu: LibvirtCpu): { request: ModelRequest } | { problems: LibvirtProblem[] };
  /** libvirt's name of a QEMU property (its own spelling where it has one). */
  libvirtName(qemuName: string): string;
  /** Every CPU feature of a model, on or off (what `hypervisor-cpu-baseline --features` draws from), or null for an invalid model. */
  features(engine: ArchEngine, req: ModelRequest): Map<string, boolean> | null;
}

// ---------------------------------------------------------------- targets

/** A parsed rule set of one architecture; the AST is the architecture's own, opaque to shared code. */
export interface Parsed<Ast> {
  ast: Ast;
  diagnostics: Diagnostic[];
}

/** One profile lowered to the architecture's IR; opaque to shared code. */
export interface Compiled<Ir> {
  rules: Ir | null;
  diagnostics: Diagnostic[];
}

/**
 * An architecture: its rule language (parse, check), its compiler and its
 * engine, plus the hooks the policy tools need. Every stage is a pure
 * function; only src/load/ reads files.
 *
 * INVARIANT (opaque-ast): shared code never looks inside `Ast` or `Rules`;
 * it passes them back to the target that made them. The AST is plain JSON
 * data (the rule cache stores it).
 */
export interface Target<Ast = unknown, Ir = unknown, Solved = unknown> {
  readonly info: ArchInfo;
  /**
   * The module (path below src/, no extension) whose import closure parses
   * and checks: its code is part of the rule cache's key.
   */
  readonly stagesModule: string;

  emptyAst(): Ast;
  parse(sources: readonly SourceText[]): Parsed<Ast>;
  /** Name and shape checks that must pass before compiling (collect all, never throw). */
  check(ast: Ast): Diagnostic[];
  profiles(ast: Ast): ProfileInfo[];
  /** Lower one profile (default: the newest) to the IR: names interned, rules as bit masks with their rule ids and spans. */
  compile(ast: Ast, profile?: string): Compiled<Ir>;
  /** Derive what every query starts from (the solution); pure, once per profile. */
  solve(rules: Ir): Solved;
  /** The engine for options, or `query/unknown-machine` (with the closest name) for a machine the profile lacks. */
  engine(solved: Solved, options: EngineOptions): { engine: ArchEngine } | { diagnostics: Diagnostic[] };
  /** Host environments, where the architecture models them. */
  readonly environments?: Environments<Solved>;
  /** What the policy tools need (check, fmt, diff, what-if). */
  readonly policy: PolicyHooks<Ast, Solved>;
  /** Reading a real host's dump (`cpumodel host import`), where the architecture can. */
  readonly hostImport?: HostImporter<Solved>;
  /** libvirt's CPU XML on this architecture, where it is modelled. */
  readonly libvirt?: LibvirtMapping;
}

/** What `host import` produces: a description file, what it means, and what the input could not tell. */
export interface HostImport {
  /** 'environment': a description `--env` reads; 'model': the host model as a MODEL argument (no environments). */
  kind: 'environment' | 'model';
  /** The file's body (YAML); the shared code adds the provenance header. */
  text: string;
  /** Lines describing the result (host model, the facts chosen). */
  summary: string[];
  /** What the input could not tell, and what was assumed instead. */
  unknowns: string[];
  /** Warnings about the result (the description was still written). */
  warnings: Diagnostic[];
}

export interface HostImportOptions {
  /** The QEMU version that computed the host model, when the user knows it (--qemu). */
  qemu?: string;
  /** A name for the result (the output file's base name). */
  name: string;
}

/** Reads host dumps (src/hosts/evidence.ts) into the architecture's host description. */
export interface HostImporter<Solved> {
  /** Whether a dump that names no architecture (a /proc/cpuinfo) is this architecture's. */
  recognizes(evidence: HostEvidence): boolean;
  run(solved: Solved, evidence: HostEvidence, options: HostImportOptions): Promise<HostImport | { diagnostics: Diagnostic[] }>;
}

/** Host environment descriptions: named built-in ones, or .yaml files. */
export interface Environments<Solved> {
  /** The folder of the built-in descriptions, relative to the package root. */
  readonly builtinDir: string;
  /** Parse, lower and evaluate a description for a profile: the `environment` of EngineOptions. */
  resolve(solved: Solved, source: SourceText, label: string): Promise<{ environment: unknown } | { diagnostics: Diagnostic[] }>;
}
