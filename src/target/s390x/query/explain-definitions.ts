import { because, type Because } from '../../../explain/because.js';
import { compareGeneration } from './compare.js';
import { compress } from './compress.js';
import type { Engine } from './engine.js';
import { generationReason } from './explain-compare.js';
import { explainHostFeature } from './explain-host.js';

/** Why each unavailable feature of a model is unavailable on the accelerator's maximum model. */
export function explainUnavailable(engine: Engine, modelName: string): Because | null {
  const cls = engine.catalog.get(modelName);
  if (!cls) return null;
  const max = engine.max;
  const maxRef = engine.rules.tcgMax;
  const premises: Because[] = [];
  if (compareGeneration(cls.def, max.def) === 'superset') premises.push(generationReason(cls.def, max.def, [modelName, 'max']));
  const env = engine.options.environment;
  const what = env?.host ? `the host model of environment ${env.env.name}` : 'the TCG maximum model';
  for (const prop of compress(engine.rules, cls.initial.andNot(max.features))) {
    const g = engine.rules.groupIndex.get(prop);
    const member = g === undefined ? engine.rules.featureIndex.get(prop)! : engine.rules.groups[g]!.members.find((m) => !max.features.has(m))!;
    const why = env?.host ? [explainHostFeature(engine, env, env.host, member)] : [];
    premises.push(because(env?.host ? `\`${prop}\`: ${what} lacks it` : `\`${prop}\`: the TCG maximum model (${max.def.name} with the qemu feature list ${maxRef.list}) lacks it`,
      env?.host ? undefined : maxRef.rule, why, { kind: 'unavailable', prop }));
  }
  const verdict = premises.length === 0 ? 'runs on' : `cannot run unchanged on`;
  return because(`\`${modelName}\` ${verdict} ${what} (${premises.length} unavailable)`, env?.host ? env.host.def.rule : maxRef.rule, premises);
}
