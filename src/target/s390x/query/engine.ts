import type { CompiledRules } from '../compile/ir.js';
import type { Solution } from '../solve/generations.js';
import { compareVersions } from '../../../util/version.js';
import { baselineModel, type SearchStep } from './baseline.js';
import { buildCatalog, type CpuModel, type ModelClass } from './catalog.js';
import { withHost, type ResolvedEnvironment } from './host-catalog.js';
import { compareModels, type ComparisonInfo } from './compare.js';
import { definitionInfo, type DefinitionInfo } from './definitions.js';
import { fail, ok, type Dialect, type Result } from './errors.js';
import { resolveMachine, unknownMachine, type MachineView } from './machine.js';
import { expand, staticInfo, type ExpansionInfo, type ExpansionType, type ModelInfo } from './expand.js';
import { applyProps, qmpOrder, type PropEntry } from './props.js';

import { NOT_AN_OBJECT, type ModelRequest, type PropOrder } from '../../types.js';

export { NOT_AN_OBJECT, type ModelRequest, type PropOrder } from '../../types.js';

/** QEMU versions from this one on print QAPI paths in parameter errors. */
const QAPI_PATH_ERRORS_SINCE = '10.0';

/**
 * What a query runs under, besides the profile: the machine type (compat
 * machines change the `qemu` model and switch features off in default sets)
 * and the environment (the host, which decides `host`, `max` and what can run).
 */
export interface EngineOptions {
  /** A machine type name such as s390-ccw-virtio-6.2; default: the newest (`-machine none`). */
  machine?: string;
  /** The host environment; default: TCG with no host model. */
  environment?: ResolvedEnvironment;
}

/** The queries of one compiled profile: pure functions over IR + solution. */
export class Engine {
  readonly catalog: ReadonlyMap<string, ModelClass>;
  /** The accelerator's maximum model (TCG): the `max` CPU model. */
  readonly max: CpuModel;
  readonly dialect: Dialect;
  /** The machine type the queries run on, inherited settings resolved. */
  readonly machine: MachineView;

  /** Throws an Error for a machine the profile lacks (RuleSet.engine reports it as a diagnostic instead). */
  constructor(readonly rules: CompiledRules, readonly solution: Solution, readonly options: EngineOptions = {}) {
    const machine = resolveMachine(rules, options.machine);
    if (!machine) throw new Error(unknownMachine(rules, options.machine!).message);
    this.machine = machine;
    this.catalog = withHost(buildCatalog(rules, solution, machine), options.environment);
    const max = this.catalog.get('max')!;
    this.max = { def: max.def, features: max.initial };
    this.dialect = compareVersions(rules.profile.qemu, QAPI_PATH_ERRORS_SINCE) >= 0 ? 'qapi-path' : 'legacy';
  }

  sets(model: CpuModel) {
    return this.solution.sets[model.def.level]!;
  }

  /** The request's props in the order they are applied. */
  applicationOrder(req: ModelRequest, order: PropOrder): readonly PropEntry[] {
    const entries = req.props === NOT_AN_OBJECT ? [] : req.props ?? [];
    return order === 'qmp' ? qmpOrder(entries) : entries;
  }

  build(req: ModelRequest, where = 'model', order: PropOrder = 'qmp'): Result<CpuModel> {
    // 7.2 rejects a non-object `props` before it looks the name up; 10.x after.
    if (req.props === NOT_AN_OBJECT && this.dialect === 'legacy') return fail({ code: 'props-not-object', where });
    const cls = this.catalog.get(req.name);
    if (!cls) return fail({ code: 'unknown-model', name: req.name });
    if (req.props === NOT_AN_OBJECT) return fail({ code: 'props-not-object', where });
    const full = this.solution.sets[cls.def.level]!.full;
    const features = applyProps(this.rules, cls, full, this.applicationOrder(req, order), where, this.dialect, order === 'as-given');
    return features.ok ? ok({ def: cls.def, features: features.value }) : features;
  }

  expand(req: ModelRequest, type: ExpansionType, order: PropOrder = 'qmp'): Result<ExpansionInfo> {
    const model = this.build(req, 'model', order);
    return model.ok ? ok(expand(this.rules, model.value, this.sets(model.value).base, type)) : model;
  }

  compare(a: ModelRequest, b: ModelRequest, order: PropOrder = 'qmp'): Result<ComparisonInfo> {
    const ma = this.build(a, 'modela', order);
    if (!ma.ok) return ma;
    const mb = this.build(b, 'modelb', order);
    return mb.ok ? ok(compareModels(this.rules, ma.value, mb.value)) : mb;
  }

  baselineOf(a: CpuModel, b: CpuModel, trace?: SearchStep[]): Result<CpuModel> {
    const model = baselineModel(this.rules, this.solution, a, b, trace);
    return model ? ok(model) : fail({ code: 'baseline-impossible' });
  }

  baseline(a: ModelRequest, b: ModelRequest, order: PropOrder = 'qmp'): Result<{ model: ModelInfo }> {
    const ma = this.build(a, 'modela', order);
    if (!ma.ok) return ma;
    const mb = this.build(b, 'modelb', order);
    if (!mb.ok) return mb;
    const model = this.baselineOf(ma.value, mb.value);
    return model.ok ? ok({ model: staticInfo(this.rules, model.value, this.sets(model.value).base) }) : model;
  }

  definitions(): DefinitionInfo[] {
    return [...this.catalog.values()].map((cls) => definitionInfo(this.rules, cls, this.max));
  }
}
