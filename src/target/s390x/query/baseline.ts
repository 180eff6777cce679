import type { CompiledRules, DefinitionIR } from '../compile/ir.js';
import type { Solution } from '../solve/generations.js';
import type { CpuModel } from './catalog.js';
import { findDefinition, type SearchKey, type SearchStep } from '../solve/search.js';

export type { SearchKey, SearchStep } from '../solve/search.js';

/** The search key: same generation → common type (or 0) and the lower GA; else the older side's. */
export function baselineKey(a: DefinitionIR, b: DefinitionIR): SearchKey {
  if (a.gen === b.gen) return { cpuType: a.cpuType === b.cpuType ? a.cpuType : 0, gen: a.gen, ga: Math.min(a.ga, b.ga) };
  const older = a.gen > b.gen ? b : a;
  return { cpuType: older.cpuType, gen: older.gen, ga: older.ga };
}

/** features = A ∩ B, searched definition, then ∩ full(def); null when none fits. */
export function baselineModel(rules: CompiledRules, solution: Solution, a: CpuModel, b: CpuModel,
  trace?: SearchStep[]): CpuModel | null {
  const common = a.features.and(b.features);
  const def = findDefinition(rules, solution, baselineKey(a.def, b.def), common, trace);
  if (!def) return null;
  return { def, features: common.andIn(solution.sets[def.level]!.full) };
}
