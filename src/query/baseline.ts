import type { CompiledRules, DefinitionIR } from '../compile/ir.js';
import type { Solution } from '../solve/generations.js';
import type { Bitset } from '../util/bitset.js';
import type { CpuModel } from './catalog.js';

/** One step of the definition search, kept for explanations. */
export interface SearchStep {
  def: DefinitionIR;
  outcome: 'match' | 'exact' | 'too-new' | 'missing-base';
  /** For missing-base: the base features the request lacks. */
  missing?: Bitset;
}

export interface SearchKey {
  cpuType: number;
  gen: number;
  ga: number;
}

/**
 * QEMU's definition search over the release-ordered table. It STOPS (does not
 * skip) at the first definition that is too new or whose base set is not
 * satisfied, returns an exact (type, GA) hit at once, and otherwise the last
 * definition of the same cpu type, else the last compatible one.
 */
export function findDefinition(rules: CompiledRules, solution: Solution, key: SearchKey,
  features: Bitset | null, trace?: SearchStep[]): DefinitionIR | null {
  let { gen, ga } = key;
  if (gen === 0) ga = 0;
  if (gen === 0 && key.cpuType !== 0) gen = rules.definitions.find((d) => d.cpuType === key.cpuType)?.gen ?? 0;
  let last: DefinitionIR | null = null;
  let sameType: DefinitionIR | null = null;
  for (const def of rules.definitions) {
    if (gen !== 0 && (def.gen > gen || (def.gen === gen && ga !== 0 && def.ga > ga))) {
      trace?.push({ def, outcome: 'too-new' });
      break;
    }
    if (features) {
      const missing = solution.sets[def.level]!.base.andNot(features).andNotIn(rules.searchIgnoredMask);
      if (!missing.isEmpty()) {
        trace?.push({ def, outcome: 'missing-base', missing });
        break;
      }
    }
    if (def.cpuType === key.cpuType && def.ga === ga) {
      trace?.push({ def, outcome: 'exact' });
      return def;
    }
    trace?.push({ def, outcome: 'match' });
    if (def.cpuType === key.cpuType) sameType = def;
    last = def;
  }
  return sameType ?? last;
}

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
