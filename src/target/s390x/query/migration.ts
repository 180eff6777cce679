import { because, type Because } from '../../../explain/because.js';
import type { CpuModel } from './catalog.js';
import { unavailableFeatures } from './definitions.js';
import type { Engine, ModelRequest, PropOrder } from './engine.js';
import { fail, ok, type Result } from './errors.js';
import { explainUnavailable } from './explain-definitions.js';
import { describeRequest } from './explain-feature.js';
import { dependencyWarnings, runnabilityError } from './runnable.js';

import type { MigrationVerdict, RunVerdict } from '../../types.js';

export type { MigrationVerdict, RunVerdict } from '../../types.js';

function envName(engine: Engine): string {
  return engine.options.environment?.env.name ?? 'tcg';
}

export function runVerdict(engine: Engine, model: CpuModel): RunVerdict {
  const error = runnabilityError(engine, model, engine.max);
  return { environment: envName(engine), runnable: error.error === undefined, warnings: dependencyWarnings(engine, model), ...error,
    unavailable: unavailableFeatures(engine.rules, model, engine.max) };
}

export function checkRun(engine: Engine, req: ModelRequest, order: PropOrder = 'as-given'): Result<RunVerdict> {
  const model = engine.build(req, 'model', order);
  return model.ok ? ok(runVerdict(engine, model.value)) : model;
}

/** Can a guest with MODEL move from host A to host B? It must run on both. */
export function migrate(from: Engine, to: Engine, req: ModelRequest, order: PropOrder = 'as-given'): Result<MigrationVerdict> {
  const a = checkRun(from, req, order);
  if (!a.ok) return a;
  const b = checkRun(to, req, order);
  if (!b.ok) return b;
  const side = (engine: Engine, v: RunVerdict, role: string) => v.runnable
    ? because(`runs on ${role} ${v.environment}`)
    : because(`cannot run on ${role} ${v.environment}: ${v.error}`, undefined, blockers(engine, req));
  const okBoth = a.value.runnable && b.value.runnable;
  const explanation = because(`\`${describeRequest(req)}\` ${okBoth ? 'can' : 'cannot'} migrate from ${a.value.environment} to ${b.value.environment}`,
    undefined, [side(from, a.value, 'source'), side(to, b.value, 'target')]);
  return ok({ ok: okBoth, source: a.value, target: b.value, explanation });
}

/** Why each unavailable feature is missing, for a request (named models only; props are not replayed). */
function blockers(engine: Engine, req: ModelRequest): Because[] {
  const plain = req.props === undefined || (Array.isArray(req.props) && req.props.length === 0);
  return plain ? explainUnavailable(engine, req.name)?.premises ?? [] : [];
}

/** The model that runs on every host of a cluster: the baseline of all host models, folded. */
export function clusterBaseline(engines: readonly Engine[]): Result<CpuModel> {
  const hosts = engines.map((e) => e.options.environment?.host);
  if (hosts.some((h) => !h)) return fail({ code: 'not-supported', desc: 'every environment of a cluster needs a KVM host model' });
  const [first, ...rest] = hosts.map((h) => ({ def: h!.def, features: h!.features }));
  let acc: CpuModel = first!;
  for (const next of rest) {
    const step = engines[0]!.baselineOf(acc, next);
    if (!step.ok) return step;
    acc = step.value;
  }
  return ok(acc);
}
