import type { CompiledRules, DefinitionIR } from '../compile/ir.js';
import type { Bitset } from '../../../util/bitset.js';
import type { CpuModel } from './catalog.js';
import { compress, prependedList } from './compress.js';

import type { CompareResult, ComparisonInfo } from '../../types.js';

export type { CompareResult, ComparisonInfo } from '../../types.js';

/** Generation verdict: gen first, then GA; the cpu type does not matter. */
export function compareGeneration(a: DefinitionIR, b: DefinitionIR): CompareResult {
  if (a.gen !== b.gen) return a.gen < b.gen ? 'subset' : 'superset';
  if (a.ga !== b.ga) return a.ga < b.ga ? 'subset' : 'superset';
  return 'identical';
}

/** Equal verdicts stay; identical defers to the other side; anything else is incompatible. */
export function combine(gen: CompareResult, feat: CompareResult): CompareResult {
  if (gen === feat) return gen;
  if (gen === 'identical') return feat;
  if (feat === 'identical') return gen;
  return 'incompatible';
}

/** Feature verdict from A−B (missing) and B−A (added). */
export function featureVerdict(missing: Bitset, added: Bitset): CompareResult {
  if (missing.isEmpty()) return added.isEmpty() ? 'identical' : 'subset';
  return added.isEmpty() ? 'superset' : 'incompatible';
}

/**
 * A vs B: the generation verdict (adds the pseudo-property `type` when not
 * identical) combined with the feature verdict (A−B missing, B−A added).
 */
export function compareModels(rules: CompiledRules, a: CpuModel, b: CpuModel): ComparisonInfo {
  const gen = compareGeneration(a.def, b.def);
  const missing = a.features.andNot(b.features);
  const added = b.features.andNot(a.features);
  const feat = featureVerdict(missing, added);
  const logical = gen === 'identical' ? [] : ['type'];
  if (feat !== 'identical') logical.push(...compress(rules, missing), ...compress(rules, added));
  return { result: combine(gen, feat), 'responsible-properties': prependedList(logical) };
}
