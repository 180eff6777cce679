/** The canonical layout of s390x rule files and environment descriptions (see src/fmt/layout.ts). */
import { block, DECIMAL, fileLayout, hex, NAME, NAMES, QUOTED, type Layout } from '../../../fmt/layout.js';

/** A json-rules-engine condition, recursively: one flow mapping. */
const CONDITION: { -readonly [K in keyof Layout]: Layout[K] } = { style: 'flow', order: ['all', 'any', 'not', 'fact', 'operator', 'value', 'path'] };
CONDITION.keys = { all: { items: CONDITION }, any: { items: CONDITION }, not: CONDITION, fact: NAME, operator: NAME, value: NAME };

const MODEL_REF: Layout = { style: 'flow', order: ['definition', 'features'], keys: { definition: NAME, features: NAME } };

const SECTIONS: Readonly<Record<string, Layout>> = {
  arch: NAME,
  profiles: block({ style: 'block', order: ['name', 'qemu', 'package'], keys: { name: NAME, qemu: QUOTED, package: QUOTED } }),
  features: block({
    style: 'flow', order: ['name', 'type', 'bit', 'desc', 'since', 'was'],
    keys: { name: NAME, type: NAME, bit: DECIMAL, desc: QUOTED, since: QUOTED, was: { style: 'flow', order: ['until', 'desc'], keys: { until: QUOTED, desc: QUOTED } } },
  }),
  groups: block({ style: 'block', order: ['name', 'desc', 'since', 'members'], keys: { name: NAME, desc: QUOTED, since: QUOTED, members: NAMES } }),
  generations: block({
    style: 'block', order: ['gen', 'ga', 'since', 'remove', 'base', 'default', 'full'],
    keys: {
      gen: DECIMAL, ga: DECIMAL, since: QUOTED, base: NAMES, default: NAMES, full: NAMES,
      remove: { style: 'block', order: ['reason', 'base', 'default', 'full'], keys: { reason: QUOTED, base: NAMES, default: NAMES, full: NAMES } },
    },
  }),
  dependencies: block({ style: 'flow', order: ['feature', 'requires', 'id', 'since'], keys: { feature: NAME, requires: NAME, id: NAME, since: QUOTED } }),
  deprecated: { style: 'block', order: ['since', 'empty_list_until', 'features'], keys: { since: QUOTED, empty_list_until: QUOTED, features: NAMES } },
  definition_search: {
    style: 'block', order: ['ignore_missing'],
    keys: { ignore_missing: block({ style: 'block', order: ['reason', 'features', 'since'], keys: { reason: QUOTED, features: NAMES, since: QUOTED } }) },
  },
  definitions: block({
    style: 'flow', order: ['name', 'cpu_type', 'gen', 'ga', 'mha_pow', 'hmfai', 'desc', 'legacy', 'since'],
    keys: { name: NAME, cpu_type: hex(4), gen: DECIMAL, ga: DECIMAL, mha_pow: DECIMAL, hmfai: hex(8), desc: QUOTED, since: QUOTED },
  }),
  qemu_feature_lists: block({ style: 'block', order: ['name', 'since', 'add'], keys: { name: NAME, since: QUOTED, add: NAMES } }),
  tcg_max: MODEL_REF,
  latest_qemu_model: MODEL_REF,
  machines: {
    style: 'block', order: ['empty', 'alias', 'types'],
    keys: {
      empty: NAME, alias: NAME,
      types: block({
        style: 'keep', order: ['name', 'since', 'until', 'deprecated_since', 'qemu_model', 'featoff', 'kvm_cpu_models', 'reason'],
        keys: {
          name: NAME, since: QUOTED, until: QUOTED, deprecated_since: QUOTED, qemu_model: MODEL_REF, reason: QUOTED,
          featoff: block({ style: 'keep', order: ['gen', 'ga', 'features', 'reason'], keys: { gen: DECIMAL, ga: DECIMAL, features: NAMES, reason: QUOTED } }),
        },
      }),
    },
  },
  environment_rules: block({
    style: 'block', order: ['id', 'reason', 'assumption', 'when', 'available', 'unavailable', 'below_accelerator', 'requires', 'since'],
    keys: { id: NAME, reason: QUOTED, assumption: QUOTED, when: CONDITION, available: NAMES, unavailable: NAMES, requires: NAMES, since: QUOTED },
  }),
  environment: {
    style: 'block', order: ['name', 'description', 'accelerator', 'qemu', 'machine', 'ibc', 'layers', 'kernel', 'cpacf', 'offer'],
    keys: {
      name: NAME, description: QUOTED, accelerator: NAME, qemu: QUOTED, layers: NAMES,
      machine: { style: 'flow', order: ['cpu_type', 'ga'], keys: { cpu_type: hex(4), ga: DECIMAL } },
      ibc: { style: 'flow', order: ['lowest', 'unblocked'], keys: { lowest: hex(3), unblocked: hex(3) } },
      kernel: { style: 'block', order: ['version', 'nested', 'capabilities'], keys: { version: QUOTED, capabilities: NAMES } },
      offer: { style: 'block', order: ['add', 'remove', 'reason'], keys: { add: NAMES, remove: NAMES, reason: QUOTED } },
    },
  },
};

/** A rule file or an environment description: its sections in the parser's order. */
export const S390X_LAYOUT: Layout = fileLayout(SECTIONS);
