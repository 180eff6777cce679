import { because, type Because } from '../../../explain/because.js';
import type { Engine } from './engine.js';
import { missingReasons } from './missing.js';

/**
 * Why query-cpu-definitions lists a model's unavailable features: what the
 * accelerator's maximum model (the host model under KVM) lacks, one premise
 * per reason (each reason once, with the properties it removes).
 */
export function explainUnavailable(engine: Engine, modelName: string): Because | null {
  const cls = engine.catalog.get(modelName);
  if (!cls) return null;
  const env = engine.options.environment;
  const what = env?.host ? `the host model of environment ${env.env.name}` : 'the TCG maximum model';
  const groups = missingReasons(engine, { def: cls.def, features: cls.initial });
  const count = groups.reduce((n, g) => n + g.features.length, 0);
  const verdict = count === 0 ? 'runs on' : 'cannot run unchanged on';
  const reasons = groups.length === 0 ? '' : `, for ${groups.length} reason${groups.length === 1 ? '' : 's'}`;
  return because(`\`${modelName}\` ${verdict} ${what} (${count} unavailable${reasons})`, env?.host ? env.host.def.rule : engine.rules.tcgMax.rule,
    groups.map((g) => g.because));
}
