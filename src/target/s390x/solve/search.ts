import type { CompiledRules, DefinitionIR } from '../compile/ir.js';
import type { Bitset } from '../../../util/bitset.js';
import type { Solution } from './generations.js';

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
      const base = solution.sets[def.level]!.base;
      if (base.hasBitsOutside(features, rules.searchIgnoredMask)) {
        trace?.push({ def, outcome: 'missing-base', missing: base.andNot(features).andNotIn(rules.searchIgnoredMask) });
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
