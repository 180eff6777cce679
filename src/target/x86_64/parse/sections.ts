import { accelerators } from './accelerators.js';
import { definitions } from './definitions.js';
import { dependencies } from './dependencies.js';
import { featureFlags, features, propertyAliases } from './features.js';
import { cpuidLevels } from './levels.js';
import { machines } from './machines.js';
import { cpuProperties, keyOrder, profiles } from './properties.js';
import type { SectionReader } from './read.js';
import { specialModels } from './specials.js';
import { featureWords } from './words.js';
import { xsave } from './xsave.js';

/** The `arch` key: which architecture a rule file is for. */
const arch: SectionReader = (r, node, ast) => {
  const v = r.str(node, 'arch');
  if (v) ast.arch = v;
};

/** Top-level keys an x86_64 rule file may have, and how each is read; sections may be spread over files. */
export const X86_SECTIONS: Readonly<Record<string, SectionReader>> = {
  arch,
  profiles,
  feature_words: featureWords,
  features,
  property_aliases: propertyAliases,
  feature_flags: featureFlags,
  accelerators,
  dependencies,
  xsave,
  cpuid_levels: cpuidLevels,
  definitions,
  special_models: specialModels,
  machines,
  cpu_properties: cpuProperties,
  full_expansion_order: keyOrder,
};
