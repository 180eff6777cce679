import type { CompiledRules } from '../compile/ir.js';
import type { CpuModel, ModelClass } from './catalog.js';
import { compareGeneration } from './compare.js';
import { compress, prependedList } from './compress.js';

/** QMP CpuDefinitionInfo, fields in QAPI schema order. */
export interface DefinitionInfo {
  name: string;
  'migration-safe': boolean;
  static: boolean;
  'unavailable-features': string[];
  typename: string;
  deprecated: boolean;
}

/**
 * What keeps a model from running on the accelerator's maximum model:
 * `type` when its generation/GA is newer, then the features max lacks.
 */
export function unavailableFeatures(rules: CompiledRules, model: CpuModel, max: CpuModel): string[] {
  const logical = compareGeneration(model.def, max.def) === 'superset' ? ['type'] : [];
  logical.push(...compress(rules, model.features.andNot(max.features)));
  return prependedList(logical);
}

export function definitionInfo(rules: CompiledRules, cls: ModelClass, max: CpuModel): DefinitionInfo {
  return {
    name: cls.name,
    'migration-safe': cls.migrationSafe,
    static: cls.static,
    'unavailable-features': unavailableFeatures(rules, { def: cls.def, features: cls.initial }, max),
    typename: `${cls.name}-s390x-cpu`,
    deprecated: false,
  };
}
