import type { DependencyIR } from '../compile/ir.js';
import type { CpuModel } from './catalog.js';
import { compareGeneration } from './compare.js';
import { compress, prependedList } from './compress.js';
import type { Engine, ModelRequest, PropOrder } from './engine.js';
import { ok, type Result } from './errors.js';

import type { RealizeReport } from '../../types.js';

export type { RealizeReport } from '../../types.js';

/**
 * The realize-time checks against the maximum model, in QEMU's order:
 * generation too new, GA too new, then features the maximum model lacks.
 */
export function runnabilityError(engine: Engine, model: CpuModel, max: CpuModel): Pick<RealizeReport, 'error' | 'hint'> {
  const current = engine.dialect === 'qapi-path' ? 'current ' : '';
  const hinted = (error: string, hint: string) => (engine.dialect === 'qapi-path' ? { error, hint } : { error });
  if (compareGeneration(model.def, max.def) === 'superset') {
    const what = model.def.gen > max.def.gen ? 'generation' : 'GA level';
    return hinted(`Selected CPU ${what} is too new. Maximum supported model in the ${current}configuration: '${max.def.name}'`,
      'Consider a different accelerator, try "-accel help"');
  }
  const missing = model.features.andNot(max.features);
  if (missing.isEmpty()) return {};
  // Each name is prepended with a space after it to a buffer that starts as
  // one space, so QEMU's list ends with two spaces.
  const list = `${prependedList(compress(engine.rules, missing)).join(' ')}  `;
  return hinted(`Some features requested in the CPU model are not available in the ${current}configuration: ${list}`,
    'Consider a different accelerator, QEMU, or kernel version');
}

/** The dependencies a model breaks (X on, Y off), in QEMU's table order. */
export function brokenDependencies(engine: Engine, model: CpuModel): DependencyIR[] {
  return engine.rules.dependencies.filter((d) => model.features.has(d.feature) && !model.features.has(d.requires));
}

/** QEMU's realize-time warning for a broken dependency: 'X' requires 'Y'. */
export function dependencyWarning(engine: Engine, d: DependencyIR): string {
  const name = (i: number) => engine.rules.features[i]!.name;
  return `'${name(d.feature)}' requires '${name(d.requires)}'.`;
}

/** Warnings in QEMU's dependency-table order. */
export function dependencyWarnings(engine: Engine, model: CpuModel): string[] {
  return brokenDependencies(engine, model).map((d) => dependencyWarning(engine, d));
}

/** What `-cpu MODEL` prints when QEMU (TCG) starts a VM with it. */
export function realize(engine: Engine, req: ModelRequest, order: PropOrder = 'as-given'): Result<RealizeReport> {
  const built = engine.build(req, 'model', order);
  if (!built.ok) return built;
  return ok({ warnings: dependencyWarnings(engine, built.value), ...runnabilityError(engine, built.value, engine.max) });
}
