import { because, type Because } from '../explain/because.js';
import { compareGeneration } from './compare.js';
import { compress } from './compress.js';
import type { Engine } from './engine.js';
import { generationReason } from './explain-compare.js';

/** Why each unavailable feature of a model is unavailable on the accelerator's maximum model. */
export function explainUnavailable(engine: Engine, modelName: string): Because | null {
  const cls = engine.catalog.get(modelName);
  if (!cls) return null;
  const max = engine.max;
  const maxRef = engine.rules.tcgMax;
  const premises: Because[] = [];
  if (compareGeneration(cls.def, max.def) === 'superset') premises.push(generationReason(cls.def, max.def, [modelName, 'max']));
  for (const prop of compress(engine.rules, cls.initial.andNot(max.features))) {
    premises.push(because(`\`${prop}\`: the TCG maximum model (${max.def.name} with the qemu feature list ${maxRef.list}) lacks it`, maxRef.rule, [],
      { kind: 'unavailable', prop }));
  }
  const verdict = premises.length === 0 ? 'runs on' : `cannot run unchanged on`;
  return because(`\`${modelName}\` ${verdict} the TCG maximum model (${premises.length} unavailable)`, maxRef.rule, premises);
}
