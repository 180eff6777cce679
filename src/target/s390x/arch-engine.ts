/**
 * The s390x engine behind the shared contract (src/target/types.ts): the
 * QMP queries, comparison and baseline, host environments, explanations and
 * listings, over the s390x query engine.
 */
import { ruleLocations } from '../../explain/rule-ids.js';
import { didYouMean } from '../../util/fuzzy.js';
import type { Because } from '../../explain/because.js';
import { ok, type ModelError, type Result } from '../result.js';
import { S390X } from './info.js';
import type {
  ArchEngine, DefinitionInfo, ExpansionInfo, ExpansionType, Hosts, LintReport, Listing, MigrationVerdict,
  ModelInfo, ModelRequest, PropOrder, RealizeReport, Relations, RunVerdict,
} from '../types.js';
import type { CpuModel } from './query/catalog.js';
import { compress } from './query/compress.js';
import type { Engine } from './query/engine.js';
import { errorClass, errorText } from './query/errors.js';
import { explainBaseline } from './query/explain-baseline.js';
import { explainComparison } from './query/explain-compare.js';
import { explainUnavailable } from './query/explain-definitions.js';
import { explainError, marketingMatches, qemuNames } from './query/explain-error.js';
import { explainFeature } from './query/explain-feature.js';
import { explainHostDifferences } from './query/explain-host.js';
import { fullInfo, staticInfo } from './query/expand.js';
import { lintModel } from './query/lint.js';
import { clusterAnswer } from './query/cluster.js';
import { checkRun, migrate } from './query/migration.js';
import { realize } from './query/runnable.js';
import { featuresListing, groupsListing, machinesListing, modelsListing } from './views/listings.js';
import { contextRules, derivationRules, ruleUniverse } from './views/provenance.js';

export { S390X } from './info.js';

/** The s390x engine of one profile, machine and environment. */
export class S390xEngine implements ArchEngine {
  readonly arch = S390X;
  readonly relations: Relations;
  readonly hosts?: Hosts;

  constructor(readonly core: Engine) {
    this.relations = relations(core);
    if (core.options.environment) this.hosts = hosts(core);
  }

  get profile() { return this.core.rules.profile; }
  get dialect() { return this.core.dialect; }
  get machine() { return this.core.machine.name; }
  get environment() { return this.core.options.environment?.env.name ?? 'tcg'; }

  errorText(e: ModelError): string { return errorText(e, this.dialect); }
  errorClass(e: ModelError): string { return errorClass(e); }
  hint(e: ModelError): string | undefined { return hint(this.core, e); }

  expand(req: ModelRequest, type: ExpansionType, order?: PropOrder): Result<ExpansionInfo> { return this.core.expand(req, type, order); }
  definitions(): DefinitionInfo[] { return this.core.definitions(); }
  realize(req: ModelRequest, order?: PropOrder): Result<RealizeReport> { return realize(this.core, req, order); }
  checkRun(req: ModelRequest, order?: PropOrder): Result<RunVerdict> { return checkRun(this.core, req, order); }
  lint(req: ModelRequest, order?: PropOrder): Result<LintReport> { return lintModel(this.core, req, order); }

  explainFeature(req: ModelRequest, feature: string, order?: PropOrder): Result<Because> { return explainFeature(this.core, req, feature, order); }
  explainUnavailable(name: string): Because | null { return explainUnavailable(this.core, name); }
  explainError(e: ModelError): Because { return explainError(this.core, e); }

  modelNames(): string[] { return [...this.core.catalog.keys()]; }
  propertyNames(): string[] { return [...this.core.rules.featureIndex.keys(), ...this.core.rules.groupIndex.keys()]; }
  describeModel(name: string): string { return this.core.catalog.get(name)?.desc ?? ''; }

  describeProperty(name: string): string {
    const { rules } = this.core;
    const f = rules.featureIndex.get(name);
    if (f !== undefined) return rules.features[f]!.desc;
    const g = rules.groupIndex.get(name);
    return g !== undefined ? rules.groups[g]!.desc : '';
  }

  ruleIds(): Map<string, Set<string>> { return ruleUniverse(this.core); }
  ruleLocations(): Map<string, string> { return ruleLocations(this.core.rules); }
  derivationRules(model: string, withProps: boolean): string[] { return derivationRules(this.core, model, withProps); }
  contextRules(): string[] { return contextRules(this.core); }

  listing(kind: string, options: { model?: string } = {}): Result<Listing> | null {
    switch (kind) {
      case 'models': return ok(modelsListing(this.core));
      case 'features': return featuresListing(this.core, options.model);
      case 'groups': return ok(groupsListing(this.core));
      case 'machines': return ok(machinesListing(this.core));
      default: return null;
    }
  }
}

/** The core engine behind an s390x ArchEngine (host questions compare engines of one architecture). */
const coreOf = (e: ArchEngine): Engine => (e as unknown as S390xEngine).core;

function staticOf(engine: Engine, model: CpuModel): ModelInfo {
  return staticInfo(engine.rules, model, engine.sets(model).base);
}

/** Baseline of n models, folded left: each step's result feeds the next as `<def>-base` plus props. */
function baselineAll(engine: Engine, models: readonly ModelRequest[], order: PropOrder = 'as-given'): Result<{ model: ModelInfo }> {
  const built: CpuModel[] = [];
  for (const [i, m] of models.entries()) {
    const r = engine.build(m, i === 0 ? 'modela' : 'modelb', order);
    if (!r.ok) return r;
    built.push(r.value);
  }
  let acc = built[0]!;
  for (const next of built.slice(1)) {
    const step = engine.baselineOf(acc, next);
    if (!step.ok) return step;
    acc = step.value;
  }
  return ok({ model: staticOf(engine, acc) });
}

function comparisonRows(engine: Engine, a: ModelRequest, b: ModelRequest, order: PropOrder = 'as-given'): Result<[string, string][]> {
  const ma = engine.build(a, 'modela', order);
  if (!ma.ok) return ma;
  const mb = engine.build(b, 'modelb', order);
  if (!mb.ok) return mb;
  const only = (x: CpuModel, y: CpuModel) => compress(engine.rules, x.features.andNot(y.features)).join(', ') || '-';
  const gen = (m: CpuModel) => `gen ${m.def.gen} GA${m.def.ga} (${m.def.name})`;
  const same = ma.value.def.gen === mb.value.def.gen && ma.value.def.ga === mb.value.def.ga;
  return ok([
    ['only in A', only(ma.value, mb.value)],
    ['only in B', only(mb.value, ma.value)],
    ['generation (type)', same ? `same: ${gen(ma.value)}` : `A ${gen(ma.value)}, B ${gen(mb.value)}`],
  ]);
}

function relations(engine: Engine): Relations {
  return {
    compare: (a, b, order) => engine.compare(a, b, order),
    baseline: (a, b, order) => engine.baseline(a, b, order),
    baselineAll: (models, order) => baselineAll(engine, models, order),
    explainComparison: (a, b, order) => explainComparison(engine, a, b, order),
    explainBaseline: (a, b, order) => explainBaseline(engine, a, b, order),
    comparisonRows: (a, b, order) => comparisonRows(engine, a, b, order),
  };
}

function hosts(engine: Engine): Hosts {
  const env = engine.options.environment!;
  return {
    hostModel(type) {
      if (!env.host) return null;
      const model = { def: env.host.def, features: env.host.features };
      return type === 'static' ? staticOf(engine, model) : fullInfo(engine.rules, model);
    },
    explainHost: () => (env.host ? explainHostDifferences(engine, env) : null),
    description: () => env.env.description,
    migrate: (to, req, order): Result<MigrationVerdict> => migrate(engine, coreOf(to), req, order),
    cluster: (others) => clusterAnswer([engine, ...others.map(coreOf)]),
  };
}

function hint(engine: Engine, e: ModelError): string | undefined {
  switch (e.code) {
    case 'unknown-model': {
      // The explanation's answer first: a marketing name (`z15`) is what QEMU calls `gen15a`.
      const named = qemuNames(engine, e.name);
      return named ? `${named}; did you mean \`${marketingMatches(engine, e.name)[0]!.name}\`?`
        : didYouMean(e.name, engine.catalog.keys()) ?? 'run `cpumodel definitions` to list the models';
    }
    case 'property-not-found':
      return didYouMean(e.key, [...engine.rules.featureIndex.keys(), ...engine.rules.groupIndex.keys()])
        ?? 'run `cpumodel features` and `cpumodel groups` to list the properties';
    case 'feature-too-new':
    case 'group-too-new':
      return introducedWith(engine, e.code === 'feature-too-new' ? e.feature : e.group);
    default:
      return undefined;
  }
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
