/**
 * The closed vocabularies of the s390x rule language: the values the JSON
 * schemas (schema/s390x/) enumerate. test/check/schema.test.ts keeps each
 * list equal to its schema enum, so the checker and the schema cannot drift.
 */

/** The blocks a feature bit lives in: the facility list, SCLP data and each instruction's query mask. */
export const FEATURE_TYPES = [
  'STFL', 'SCLP_CONF_CHAR', 'SCLP_CONF_CHAR_EXT', 'SCLP_CPU', 'SCLP_FAC134', 'MISC', 'PLO', 'PTFF',
  'KMAC', 'KMC', 'KM', 'KIMD', 'KLMD', 'PCKMO', 'KMCTR', 'KMF', 'KMO', 'PCC', 'PPNO', 'KMA', 'KDSA',
  'SORTL', 'DFLTCC', 'UV_FEAT_GUEST', 'PFCR',
] as const;

/** Types whose features have no number of their own (QEMU gives each MISC feature bit 0): bits may repeat. */
export const UNNUMBERED_TYPES: readonly string[] = ['MISC'];

/** The accelerators an environment runs QEMU with. */
export const ACCELERATORS = ['kvm', 'tcg'] as const;

/** The hypervisor layers an environment stacks, hardware first. */
export const LAYERS = ['lpar', 'zvm', 'kvm'] as const;

/** What a KVM kernel can report (its KVM_CAP_S390_* capabilities, by cpumodel's names). */
export const CAPABILITIES = [
  'ais', 'etoken', 'bpb', 'cmma', 'apie', 'diag318', 'cpu-topology', 'protected-virtualization', 'uv-ap',
] as const;

/** The facts an environment provides to rule conditions. */
export const ENVIRONMENT_FACTS = ['accelerator', 'qemu', 'generation', 'cpacf', 'nested', 'hypervisor', 'layers', 'kernel', 'capabilities', 'features'] as const;

/** json-rules-engine's operators plus cpumodel's version comparisons. */
export const CONDITION_OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'contains', 'doesNotContain', 'versionAtLeast', 'versionBelow',
] as const;

/** The facts whose values come from a closed vocabulary, checked in conditions too. */
export const FACT_VALUES: Readonly<Partial<Record<(typeof ENVIRONMENT_FACTS)[number], readonly string[]>>> = {
  accelerator: ACCELERATORS, hypervisor: LAYERS, layers: LAYERS, capabilities: CAPABILITIES,
};
