import type { CompiledRules } from '../compile/ir.js';
import type { Bitset } from '../../../util/bitset.js';
import type { CpuModel } from './catalog.js';
import { compress, prependedList } from './compress.js';
import { setOwn } from '../../../util/own.js';

import type { ExpansionInfo, ExpansionType, ModelInfo } from '../../types.js';

/** QMP CpuModelInfo and the expansion reply: props in QEMU's insertion order (the writer applies QDict order); on s390x every prop is a feature or group boolean. */
export type { ExpansionInfo, ExpansionType, ModelInfo } from '../../types.js';

function put(props: Record<string, boolean>, names: readonly string[], value: boolean): void {
  for (const n of names) setOwn(props, n, value);
}

/**
 * Static: `<def>-base` plus the delta to its base set, removals (false) first.
 * QEMU never searches for a closer base model.
 */
export function staticInfo(rules: CompiledRules, model: CpuModel, base: Bitset): ModelInfo {
  const props: Record<string, boolean> = {};
  put(props, compress(rules, base.andNot(model.features)), false);
  put(props, compress(rules, model.features.andNot(base)), true);
  const info: ModelInfo = { name: `${model.def.name}-base` };
  if (Object.keys(props).length > 0) info.props = props;
  return info;
}

/** Full: every feature once, enabled ones (true) first, then the rest (false). */
export function fullInfo(rules: CompiledRules, model: CpuModel): ModelInfo {
  const props: Record<string, boolean> = {};
  const all = model.features.clone();
  for (let i = 0; i < rules.size; i++) all.add(i);
  put(props, compress(rules, model.features), true);
  put(props, compress(rules, all.andNotIn(model.features)), false);
  return { name: `${model.def.name}-base`, props };
}

/**
 * deprecated-props (profiles with deprecation reporting only): static lists
 * the deprecated features the model has; full lists all of them.
 */
function deprecatedProps(rules: CompiledRules, model: CpuModel, type: ExpansionType): string[] | undefined {
  if (!rules.deprecated) return undefined;
  const set = type === 'full' ? rules.deprecated.mask : rules.deprecated.mask.and(model.features);
  const list = prependedList(compress(rules, set));
  return list.length > 0 || rules.deprecated.printEmpty ? list : undefined;
}

export function expand(rules: CompiledRules, model: CpuModel, base: Bitset, type: ExpansionType): ExpansionInfo {
  const info: ExpansionInfo = { model: type === 'static' ? staticInfo(rules, model, base) : fullInfo(rules, model) };
  const deprecated = deprecatedProps(rules, model, type);
  if (deprecated) info['deprecated-props'] = deprecated;
  return info;
}
