import type { LeafSpans } from './condition.js';
import type { Span } from '../../../diag/diagnostic.js';

import type { Located, Name, ProfileDecl, Versioned } from '../../../parse/located.js';
import { emptyOutline, type Outline } from '../../../parse/outline.js';

export type { Located, Name, ProfileDecl, Versioned };

export interface FeatureDecl extends Versioned {
  name: Name;
  type: Located<string>;
  bit: Located<number>;
  desc: string;
  was?: { until: string; desc: string };
}

export interface GroupDecl extends Versioned {
  name: Name;
  desc: string;
  members: Name[];
}

import type { SetKind } from '../levels.js';
export { SET_KINDS, type SetKind } from '../levels.js';

export interface GenerationDecl extends Versioned {
  gen: Located<number>;
  ga: Located<number>;
  add: Record<SetKind, Name[]>;
  remove: Record<SetKind, Name[]>;
  removeReason?: string;
}

export interface DependencyDecl extends Versioned {
  id?: Name;
  feature: Name;
  requires: Name;
}

export interface DeprecationDecl extends Versioned {
  features: Name[];
  /** Profiles before this version print an empty deprecated-props list. */
  emptyListUntil?: Located<string>;
}

export interface SearchIgnoreDecl extends Versioned {
  reason: string;
  features: Name[];
}

export interface DefinitionDecl extends Versioned {
  name: Name;
  cpuType: number;
  gen: Located<number>;
  ga: Located<number>;
  mhaPow: number;
  hmfai: number;
  desc: string;
  legacy: boolean;
}

export interface QemuListDecl extends Versioned {
  name: Name;
  add: Name[];
}

/** A model given as a definition plus a named qemu feature list. */
export interface ModelRefDecl {
  key: string;
  definition: Name;
  features: Name;
  span: Span;
}

/** Switch features off in the default set of every definition at or after (gen, ga). */
export interface FeatoffDecl {
  gen: Located<number>;
  ga: Located<number>;
  features: Name[];
  reason?: string;
  span: Span;
}

/** A versioned machine type: its own edits; it also inherits those of every newer machine. */
export interface MachineDecl extends Versioned {
  name: Name;
  qemuModel?: ModelRefDecl;
  featoffs: FeatoffDecl[];
  /** False: KVM treats the machine as not supporting CPU models (no effect under TCG). */
  kvmCpuModels: boolean;
  deprecatedSince?: Located<string>;
  reason?: string;
}

/** Machine names that are no versioned machine type. */
export interface MachineNamesDecl {
  /** The machine without CPUs: the newest behaviour. */
  empty?: Name;
  /** The alias of the newest versioned machine. */
  alias?: Name;
}

/** A json-rules-engine condition tree, kept as plain data, with its span. */
export interface ConditionDecl {
  tree: unknown;
  span: Span;
  /** Where each leaf test was written, in depth-first order. */
  leaves: LeafSpans[];
}

/** An environment rule: when the condition holds, features become (un)available. */
export interface EnvRuleDecl extends Versioned {
  id: Name;
  reason: string;
  assumption?: string;
  when: ConditionDecl;
  available: Name[];
  unavailable: Name[];
  /** The layers below take `unavailable` from the machine the accelerator runs on. */
  belowAccelerator: boolean;
  /** The accelerator cannot run without these features from the layers below. */
  requires: Name[];
}

/** Everything the rule files say, with spans; no cross-references resolved. */
export interface RuleSetAst {
  profiles: ProfileDecl[];
  features: FeatureDecl[];
  groups: GroupDecl[];
  generations: GenerationDecl[];
  dependencies: DependencyDecl[];
  deprecations: DeprecationDecl[];
  searchIgnores: SearchIgnoreDecl[];
  definitions: DefinitionDecl[];
  qemuLists: QemuListDecl[];
  modelRefs: ModelRefDecl[];
  envRules: EnvRuleDecl[];
  /** Newest first. */
  machines: MachineDecl[];
  machineNames: MachineNamesDecl;
  /** The files read and their top-level keys: where to report what is missing. */
  outline: Outline;
}

export function emptyAst(): RuleSetAst {
  return {
    profiles: [], features: [], groups: [], generations: [], dependencies: [],
    deprecations: [], searchIgnores: [], definitions: [], qemuLists: [], modelRefs: [], envRules: [],
    machines: [], machineNames: {}, outline: emptyOutline(),
  };
}
