import { because, type Because } from '../../../explain/because.js';
import type { CpuModel } from './catalog.js';
import { unavailableFeatures } from './definitions.js';
import type { Engine, ModelRequest, PropOrder } from './engine.js';
import { errorText, ok, type ModelError, type Result } from './errors.js';
import { staticInfo } from './expand.js';
import { describeRequest } from './explain-feature.js';
import { missingReasons, reasonsData } from './missing.js';
import { runFix } from './run-fix.js';
import { dependencyWarnings, runnabilityError } from './runnable.js';

import type { MigrationVerdict, MissingReason, RunVerdict } from '../../types.js';

export type { MigrationVerdict, RunVerdict } from '../../types.js';
export { clusterBaseline } from './cluster.js';

function envName(engine: Engine): string {
  return engine.options.environment?.env.name ?? 'tcg';
}

/**
 * Can the model run here; when not, why (one group per reason, each missing
 * property once) and how to fix it. `label` names the model in the
 * explanation; `req` is the request as asked (for the fix's `-cpu` string).
 */
export function runVerdict(engine: Engine, model: CpuModel, label?: string, req?: ModelRequest): RunVerdict {
  const error = runnabilityError(engine, model, engine.max);
  const verdict: RunVerdict = { environment: envName(engine), runnable: error.error === undefined, warnings: dependencyWarnings(engine, model), ...error,
    unavailable: unavailableFeatures(engine.rules, model, engine.max) };
  if (verdict.runnable) return verdict;
  const groups = missingReasons(engine, model);
  const count = groups.reduce((n, g) => n + g.features.length, 0);
  const reasons = reasonsData(groups);
  const qemu = because(`QEMU: ${qemuText(verdict.error!, reasons)}`);
  const explanation = because(`\`${label ?? model.def.name}\` cannot run on ${verdict.environment}: ${count} missing, for ${groups.length} reason${groups.length === 1 ? '' : 's'}`,
    undefined, [qemu, ...groups.map((g) => g.because)]);
  return { ...verdict, reasons, fix: runFix(engine, model, req), explanation };
}

export function checkRun(engine: Engine, req: ModelRequest, order: PropOrder = 'as-given'): Result<RunVerdict> {
  const model = engine.build(req, 'model', order);
  return model.ok ? ok(runVerdict(engine, model.value, describeRequest(req), req)) : model;
}

/** A side that cannot even build the model (e.g. `host` under TCG): a verdict that says so. */
function unbuilt(engine: Engine, e: ModelError): RunVerdict {
  return { environment: envName(engine), runnable: false, warnings: [], error: errorText(e, engine.dialect), unavailable: [] };
}

/** QEMU's error; a list of features it ends with is said by the groups (each feature once). */
function qemuText(error: string, reasons: readonly MissingReason[]): string {
  const text = error.trimEnd();
  const cut = text.indexOf(': ');
  const listed = new Set(reasons.flatMap((r) => r.features));
  const tail = text.slice(cut + 2).split(/\s+/);
  return cut > 0 && tail.every((w) => listed.has(w)) ? `${text.slice(0, cut)} (below, by reason)` : text;
}

function side(v: RunVerdict, role: string): Because {
  if (v.runnable) return because(`runs on ${role} ${v.environment}`);
  return because(`cannot run on ${role} ${v.environment}`, undefined, v.explanation?.premises ?? [because(`QEMU: ${v.error?.trimEnd()}`)]);
}

/**
 * Can a guest with MODEL move from host A to host B? The source expands the
 * model first (as libvirt does when it starts a host-model guest: `host` and
 * `max` become the source's host model, a concrete static model); that model
 * must run on the source and then on the target.
 */
export function migrate(from: Engine, to: Engine, req: ModelRequest, order: PropOrder = 'as-given'): Result<MigrationVerdict> {
  const label = describeRequest(req);
  const built = from.build(req, 'model', order);
  if (!built.ok) {
    if (built.error.code !== 'unknown-model') return built;
    const source = unbuilt(from, built.error);
    const target: RunVerdict = { environment: envName(to), runnable: false, warnings: [], error: 'not checked: the source cannot build the model', unavailable: [] };
    const why = because(`${source.environment} has no CPU model \`${req.name}\`${from.options.environment?.host ? '' : ' (no host model: `host` exists only under KVM)'}`);
    const explanation = because(`\`${label}\` cannot migrate from ${source.environment} to ${target.environment}: the source fails`, undefined, [side(source, 'source'), why]);
    return ok({ ok: false, model: null, source, target, explanation });
  }
  const model = built.value;
  const info = staticInfo(from.rules, model, from.sets(model).base);
  const source = runVerdict(from, model, label, req);
  const target = runVerdict(to, model, label);
  const okBoth = source.runnable && target.runnable;
  const failed = okBoth ? '' : `: the ${[source.runnable ? '' : 'source', target.runnable ? '' : 'target'].filter(Boolean).join(' and the ')} fails`;
  const expanded = from.catalog.get(req.name)?.kind !== 'max' ? [] : [because(`the source expands \`${label}\` to ${info.name} with ${model.features.count()} features; the target must run that model`)];
  const explanation = because(`\`${label}\` ${okBoth ? 'can' : 'cannot'} migrate from ${source.environment} to ${target.environment}${failed}`,
    undefined, [...expanded, side(source, 'source'), side(target, 'target')]);
  return ok({ ok: okBoth, model: info, source, target, explanation });
}
