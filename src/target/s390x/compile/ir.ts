import type { SetKind } from '../levels.js';
import type { Bitset } from '../../../util/bitset.js';

/**
 * The compiled rule set of one profile: features interned to dense bit
 * indices, every rule lowered to bit masks. Nothing here refers to YAML; each
 * compiled fact keeps the id and span of the rule it came from.
 */
export type { RuleRef } from '../../../explain/because.js';
import type { RuleRef } from '../../../explain/because.js';

export interface FeatureIR {
  index: number;
  name: string;
  type: string;
  bit: number;
  desc: string;
  /** Index of the group that contains it, or -1. */
  group: number;
  rule: RuleRef;
}

export interface GroupIR {
  index: number;
  name: string;
  desc: string;
  members: number[];
  mask: Bitset;
  rule: RuleRef;
}

/** One list entry (a feature or a group) added to or removed from a set. */
export interface Edit {
  item: string;
  mask: Bitset;
  rule: RuleRef;
  /** For generation edits: the level and the list (base/default/full) it belongs to. */
  level?: number;
  list?: SetKind;
}

export interface LevelIR {
  index: number;
  gen: number;
  ga: number;
  key: string;
  add: Record<SetKind, Edit[]>;
  remove: Record<SetKind, Edit[]>;
  removeReason?: string;
  rule: RuleRef;
}

export interface DefinitionIR {
  index: number;
  name: string;
  cpuType: number;
  gen: number;
  ga: number;
  /** Index into `levels`. */
  level: number;
  mhaPow: number;
  hmfai: number;
  desc: string;
  legacy: boolean;
  rule: RuleRef;
}

export interface DependencyIR {
  feature: number;
  requires: number;
  rule: RuleRef;
}

export interface NamedSetIR {
  name: string;
  /** Cumulative: this list plus every list before it. */
  mask: Bitset;
  rule: RuleRef;
}

export interface ModelRefIR {
  definition: number;
  list: string;
  features: Bitset;
  rule: RuleRef;
}

/** Features switched off in the default set of every definition with (gen, ga) at or after the pair. */
export interface FeatoffIR {
  gen: number;
  ga: number;
  /** One edit per listed feature or group (rule: the machine's featoff, span: the name). */
  edits: Edit[];
  mask: Bitset;
  reason: string;
}

/**
 * A versioned machine type and its own settings. A machine also inherits the
 * settings of every newer machine: those are applied first, then its own.
 */
export interface MachineIR {
  index: number;
  name: string;
  /** The `qemu` model this machine sets, or null when it keeps the newer machine's. */
  qemuModel: ModelRefIR | null;
  featoffs: FeatoffIR[];
  /** False: KVM treats the machine as not supporting CPU models (no effect under TCG). */
  kvmCpuModels: boolean;
  deprecated: boolean;
  reason: string;
  rule: RuleRef;
}

/** An environment rule: a condition over environment facts and its effect. */
export interface EnvRuleIR {
  id: string;
  reason: string;
  assumption?: string;
  /** A json-rules-engine condition tree (plain data). */
  condition: unknown;
  available: Bitset;
  unavailable: Bitset;
  /** `unavailable` is taken from the machine the accelerator runs on (not only from the host model). */
  belowAccelerator: boolean;
  /** What the accelerator needs from the layers below; a `belowAccelerator` rule taking any makes the environment impossible. */
  requires: Bitset;
  rule: RuleRef;
}

/** An environment, lowered: the facts its rules see, the hardware, explicit offers. */
export interface EnvironmentIR {
  name: string;
  description: string;
  file: string;
  accelerator: 'kvm' | 'tcg';
  facts: Readonly<Record<string, unknown>>;
  hardware?: { cpuType: number; ga?: number };
  ibc?: { lowest: number; unblocked: number };
  offerAdd: Edit[];
  offerRemove: Edit[];
  offerReason?: string;
}

export interface ProfileIR {
  name: string;
  qemu: string;
  package: string;
}

export interface CompiledRules {
  profile: ProfileIR;
  /** Number of features = width of every Bitset. */
  size: number;
  features: FeatureIR[];
  featureIndex: ReadonlyMap<string, number>;
  groups: GroupIR[];
  groupIndex: ReadonlyMap<string, number>;
  levels: LevelIR[];
  definitions: DefinitionIR[];
  definitionIndex: ReadonlyMap<string, number>;
  dependencies: DependencyIR[];
  /** Null when the profile predates deprecation reporting. */
  deprecated: { mask: Bitset; printEmpty: boolean; rule: RuleRef } | null;
  searchIgnored: Edit[];
  searchIgnoredMask: Bitset;
  qemuLists: NamedSetIR[];
  tcgMax: ModelRefIR;
  latestQemu: ModelRefIR;
  /** The profile's versioned machine types, newest first. */
  machines: MachineIR[];
  envRules: EnvRuleIR[];
  /** The machine without CPUs and the alias of the newest machine, when declared. */
  emptyMachine: string | null;
  machineAlias: string | null;
}
