import type { Span } from '../diag/diagnostic.js';

/** A value and where it was written. */
export interface Located<T> {
  value: T;
  span: Span;
}

export type Name = Located<string>;

/** Shared by every rule: `since` is the first QEMU version that has it. */
export interface Versioned {
  since?: Located<string>;
  span: Span;
}

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

import type { SetKind } from '../util/levels.js';
export { SET_KINDS, type SetKind } from '../util/levels.js';

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

export interface ProfileDecl {
  name: Name;
  qemu: Located<string>;
  package: string;
  span: Span;
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
}

export function emptyAst(): RuleSetAst {
  return {
    profiles: [], features: [], groups: [], generations: [], dependencies: [],
    deprecations: [], searchIgnores: [], definitions: [], qemuLists: [], modelRefs: [],
  };
}
