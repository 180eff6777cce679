/** The canonical layout of the x86_64 rule files (see src/fmt/layout.ts and docs/rules-x86_64.md). */
import { block, DECIMAL, fileLayout, hex, NAME, NAMES, QUOTED, type Layout } from '../../../fmt/layout.js';

const V = { since: QUOTED, until: QUOTED };
const VERSIONED = ['since', 'until'];
const HEX = hex(1);
/** A bit list: numbers and "a-b" ranges, as written. */
const BITS: Layout = { style: 'flow' };
const PROPS: Layout = { style: 'flow' };
const flowEntries = (order: string[], keys: Record<string, Layout>): Layout => block({ style: 'flow', order: [...order, ...VERSIONED], keys: { ...keys, ...V } });
const keptEntries = (order: string[], keys: Record<string, Layout>): Layout => block({ style: 'keep', order: [...order, ...VERSIONED], keys: { ...keys, ...V } });

const SECTIONS: Readonly<Record<string, Layout>> = {
  arch: NAME,
  profiles: block({ style: 'block', order: ['name', 'qemu', 'package'], keys: { name: NAME, qemu: QUOTED, package: QUOTED } }),
  feature_words: flowEntries(['name', 'cpuid', 'msr', 'migratable_bits', 'no_autoenable_bits', 'autoenable_vendor'], {
    name: NAME, msr: HEX, migratable_bits: BITS, no_autoenable_bits: BITS, autoenable_vendor: NAME,
    cpuid: { style: 'flow', order: ['eax', 'ecx', 'reg'], keys: { eax: HEX, ecx: DECIMAL, reg: NAME } },
  }),
  features: flowEntries(['name', 'word', 'bit', 'bits', 'desc'], { name: NAME, word: NAME, bit: DECIMAL, bits: BITS, desc: QUOTED }),
  property_aliases: flowEntries(['alias', 'target'], { alias: NAME, target: NAME }),
  feature_flags: flowEntries(['flag', 'features', 'reason'], { flag: NAME, features: NAMES, reason: QUOTED }),
  accelerators: block({
    style: 'block',
    order: ['name', 'unsupported_warning', 'supports', 'supports_bits', 'model_defaults', 'host_model_defaults', 'models_take_host', 'emulated', 'zero_words', 'zero_words_unless', ...VERSIONED],
    keys: {
      name: NAME, unsupported_warning: QUOTED, zero_words: NAMES, zero_words_unless: NAME, models_take_host: NAMES, emulated: NAMES, ...V,
      host_model_defaults: flowEntries(['props'], { props: PROPS }),
      supports: flowEntries(['features'], { features: NAMES }),
      supports_bits: flowEntries(['word', 'bits', 'reason'], { word: NAME, bits: BITS, reason: QUOTED }),
      model_defaults: flowEntries(['props'], { props: PROPS }),
    },
  }),
  dependencies: flowEntries(['id', 'if_none', 'clear'], { id: NAME, if_none: NAMES }),
  xsave: {
    style: 'block', order: ['words', 'requires', 'accelerator_gated', 'components'],
    keys: {
      words: { style: 'flow', order: ['xcr0', 'xss'], keys: { xcr0: NAMES, xss: NAMES } },
      requires: NAME, accelerator_gated: { style: 'flow' },
      components: flowEntries(['component', 'state', 'enabled_by'], { component: DECIMAL, state: NAME, enabled_by: NAMES }),
    },
  },
  cpuid_levels: keptEntries(['id', 'words', 'feature', 'word', 'raise', 'when', 'switch'],
    { id: NAME, words: NAMES, feature: NAME, word: NAME, when: NAMES, switch: NAME, raise: { style: 'flow', items: HEX } }),
  definitions: block({
    style: 'block',
    order: ['name', ...VERSIONED, 'vendor', 'family', 'model', 'stepping', 'level', 'xlevel', 'model_id', 'cache', 'avx10_version',
      'deprecation_note', 'features', 'bits', 'versions'],
    keys: {
      name: NAME, vendor: NAME, family: DECIMAL, model: DECIMAL, stepping: DECIMAL, level: HEX, xlevel: HEX, model_id: QUOTED,
      cache: NAME, avx10_version: DECIMAL, deprecation_note: QUOTED, features: NAMES, bits: { style: 'flow' }, ...V,
      versions: keptEntries(['version', 'alias', 'note', 'cache', 'props'], { version: DECIMAL, alias: NAME, note: QUOTED, cache: NAME, props: PROPS }),
    },
  }),
  special_models: keptEntries(['name', 'static', 'migration_safe', 'like', 'ordering', 'autoenable', 'needs_accelerator', 'init'], {
    name: NAME, ordering: DECIMAL, like: NAME, needs_accelerator: NAME,
    init: block({ style: 'flow', order: ['props', ...VERSIONED, 'reason'], keys: { props: PROPS, reason: QUOTED, ...V } }),
  }),
  machines: {
    style: 'block', order: ['empty', 'families', 'others', 'compat_props'],
    keys: {
      empty: NAME,
      families: block({
        style: 'block', order: ['name', 'alias', 'types', ...VERSIONED],
        keys: { name: NAME, alias: NAME, ...V, types: flowEntries(['version', 'compat', 'cpu_version', 'deprecated_since'], { version: QUOTED, compat: NAMES, cpu_version: NAME, deprecated_since: QUOTED }) },
      }),
      others: flowEntries(['name', 'cpu_version', 'compat'], { name: NAME, cpu_version: NAME, compat: NAMES }),
      compat_props: block({
        style: 'block', order: ['name', ...VERSIONED, 'props'],
        keys: { name: NAME, ...V, props: flowEntries(['driver', 'property', 'value', 'dangling'], { property: NAME, value: QUOTED }) },
      }),
    },
  },
  cpu_properties: flowEntries(['name', 'type', 'default', 'writable', 'expanded', 'models', 'setter', 'static'],
    { name: NAME, models: NAMES, setter: NAME }),
  // An environment description (models/x86_64/environments/): a KVM host.
  environment: {
    style: 'block', order: ['name', 'description', 'accelerator', 'qemu', 'host', 'xsave_components', 'supports', 'supports_bits'],
    keys: {
      name: NAME, description: QUOTED, accelerator: NAME, qemu: QUOTED, xsave_components: { style: 'flow' }, supports: { style: 'keep' }, supports_bits: { style: 'keep' },
      host: { style: 'flow', order: ['vendor', 'family', 'model', 'stepping', 'model-id', 'min-level', 'min-xlevel', 'lmce'], keys: { vendor: QUOTED, 'model-id': QUOTED } },
    },
  },
  full_expansion_order: block({ style: 'block', order: ['models', ...VERSIONED, 'keys'], keys: { models: NAME, keys: NAMES, ...V } }),
};

export const X86_LAYOUT: Layout = fileLayout(SECTIONS);
