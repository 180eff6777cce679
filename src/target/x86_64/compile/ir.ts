/**
 * The compiled form of one x86_64 profile: no YAML, no `since`/`until`, every
 * name resolved to an index. The engine reads only this.
 *
 * INVARIANT (word-bits): feature bit `word * 64 + bit` is bit `bit` of feature
 * word `word` (enum order); every mask is a Bitset of width `words.length * 64`,
 * so Uint32 slot `2 * word` holds bits 0–31 and `2 * word + 1` bits 32–63.
 */
import type { Span } from '../../../diag/diagnostic.js';
import type { ProfileInfo } from '../../types.js';
import type { Bitset } from '../../../util/bitset.js';

/** Where a compiled fact was written: the rule id and its span (file:line:col). */
export interface RuleRef {
  id: string;
  span: Span;
}

/** A run of bits inside one Uint32 slot: `slot` index and `mask`. */
export interface Part {
  slot: number;
  mask: number;
}

export interface WordIR {
  index: number;
  name: string;
  source: { kind: 'cpuid'; eax: number; ecx?: number; reg: string } | { kind: 'msr'; index: number };
  /** `max`/`host` switch the word's features on only for a CPU of this vendor. */
  autoenableVendor?: string;
  rule: RuleRef;
}

export interface FeatureIR {
  index: number;
  name: string;
  word: number;
  /** Global bit numbers (word * 64 + bit), ascending. */
  bits: number[];
  parts: Part[];
  desc: string;
  rule: RuleRef;
}

/** A typed value as it reaches a property setter: JSON's shapes, integers as bigint. */
export type Value = boolean | bigint | string;

/** What a property name refers to: a feature, or a non-feature QOM property. */
export type PropTarget = { kind: 'feature'; index: number } | { kind: 'prop'; index: number };

/** One `key: value` to apply through the setters (version props, init props, compat globals). */
export interface Assign {
  key: string;
  target: PropTarget;
  value: Value;
  rule: RuleRef;
}

export type QomKind =
  | 'bool' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'int32' | 'int' | 'string' | 'OnOffAuto' | 'link' | 'other';

export interface PropertyIR {
  index: number;
  name: string;
  /** QOM type as qom-list-properties reports it. */
  type: string;
  kind: QomKind;
  /** For links: the QOM type the target must have (`memory-region`). */
  linkType?: string;
  /** The value a fresh instance has (number when safe, bigint above 2^53). */
  initial: boolean | number | bigint | string | undefined;
  writable: boolean;
  expanded: boolean;
  /** Only these classes have the property; null for every class. */
  models: ReadonlySet<string> | null;
  setter?: string;
  /** Shown by static expansion (the scalars before the features). */
  static: boolean;
  rule: RuleRef;
}

export interface AliasIR {
  alias: string;
  target: PropTarget;
  targetName: string;
  rule: RuleRef;
}

/** `if none of ifNone is set, clear clear` (one row of QEMU's table). */
export interface DependencyIR {
  id: string;
  ifNone: Part[];
  /** Feature indices of ifNone (for explanations). */
  ifNoneFeatures: number[];
  clear: Part[];
  /** Global bits cleared (for explanations). */
  clearBits: number[];
  rule: RuleRef;
}

export interface XsaveComponentIR {
  component: number;
  /** The state word slot and mask the component sets. */
  part: Part;
  /** Global bit of the component in its state word. */
  bit: number;
  enablers: number[];
  rule: RuleRef;
}

export interface XsaveIR {
  /** Slots of the four state words (zeroed, then recomputed). */
  slots: number[];
  /** The XCR0 words, low then high: their bits are named after the component's first enabler. */
  xcr0Words: number[];
  requires: number;
  components: XsaveComponentIR[];
  /** Components above 1 the accelerator does not support stay off. */
  gated: boolean;
  rule: RuleRef;
}

export type LevelKey = 'min-level' | 'min-xlevel' | 'min-xlevel2' | 'min-level-func7';

export interface LevelRuleIR {
  id: string;
  /** Raise each non-zero word's own leaf limit. */
  words: number[];
  /** Or: when this feature is on / this word is non-zero, raise these. */
  feature?: number;
  word?: number;
  raise: { prop: number; value: number }[];
  /** Boolean properties that must all be true. */
  when: number[];
  /** A boolean property; when false, drop the feature instead if below the raise. */
  switch?: number;
  /** Realize's warning prefix for the dropped feature. */
  warning?: string;
  rule: RuleRef;
}

export interface AcceleratorIR {
  /** `tcg` or `kvm`. */
  name: string;
  /** Who provides the features, in explanations: `TCG`, or the described host. */
  label: string;
  /** Realize's warning prefix for a feature the accelerator cannot provide. */
  unsupportedWarning: string;
  /** Bits the accelerator can provide. */
  supported: Bitset;
  /** Per global bit: the rule that puts it in the mask (undefined: not supported). */
  supportRule: (RuleRef | undefined)[];
  /** Settings applied to every named model at creation (user settings). */
  modelDefaults: Assign[];
  /** Settings for `max`/`host` at creation, after their own init. */
  hostModelDefaults: Assign[];
  /** What `max`/`host` take from the host CPU (a described host under KVM). */
  hostValues?: Assign[];
  /** Which of the host values every named model takes too (KVM: the vendor). */
  modelsTakeHost: string[];
  /** Features offered on every host whatever its CPUID says (KVM emulates them), by index. */
  emulated: number[];
  /** Words that read zero after expansion. */
  zeroWords: { word: number; rule: RuleRef }[];
  /** A boolean property that keeps the zero words when on (KVM's `kvm`). */
  zeroWordsUnless?: number;
  /** Integer properties supported only up to `max`: realize warns above it. */
  limits: { prop: number; max: number; warning: string; rule: RuleRef }[];
  rule: RuleRef;
}

export interface VersionIR {
  version: number;
  alias?: string;
  note?: string;
  /** The cache description from this version on (undefined: keep the earlier one). */
  cache?: string;
  props: Assign[];
  rule: RuleRef;
}

export interface DefinitionIR {
  index: number;
  name: string;
  vendor: string;
  family: number;
  model: number;
  stepping: number;
  level: number;
  xlevel: number;
  modelId: string;
  cache?: string;
  avx10Version?: number;
  deprecated: boolean;
  /** The raw table: named and unnamed bits. */
  features: Bitset;
  versions: VersionIR[];
  rule: RuleRef;
}

export interface SpecialIR {
  name: string;
  static: boolean;
  migrationSafe: boolean;
  ordering: number;
  autoenable: boolean;
  needsAccelerator?: string;
  /** Init settings, in order (including those of the model it is `like`). */
  init: Assign[];
  rule: RuleRef;
}

/** A QOM CPU type: what query-cpu-definitions lists. */
export interface ClassIR {
  name: string;
  typename: string;
  /** A named definition (its index), or a special model. */
  definition?: number;
  special?: SpecialIR;
  /** Fixed version (versioned names, version aliases); 'auto' for the unversioned name. */
  version?: number | 'auto';
  /** Unversioned names and version aliases: query-cpu-definitions gives them `alias-of`. */
  isAlias: boolean;
  ordering: number;
  rule: RuleRef;
}

export type CpuVersionMode = 'default' | 'legacy' | 'latest';

export interface GlobalIR {
  /** '*' for every CPU, else one class name. */
  driver: string;
  assign: Assign;
}

export interface MachineIR {
  name: string;
  versionMode: CpuVersionMode;
  /** Compat globals in registration order (later wins). */
  globals: GlobalIR[];
  deprecated: boolean;
  /** The machine this name is an alias of (`pc` → `pc-i440fx-10.0`). */
  aliasOf?: string;
  rule: RuleRef;
}

/** Full expansion keys in QEMU's printed order. */
export interface KeyOrderIR {
  named: string[];
  max: string[];
}

export interface X86Rules {
  profile: ProfileInfo;
  words: WordIR[];
  /** Bits per bitset: words.length * 64. */
  width: number;
  features: FeatureIR[];
  featureIndex: ReadonlyMap<string, number>;
  /** Per global bit: the feature naming it, or -1. */
  bitFeature: Int32Array;
  aliases: AliasIR[];
  /** Every property name a CPU accepts (features, aliases, QOM properties). */
  lookup: ReadonlyMap<string, PropTarget>;
  properties: PropertyIR[];
  propertyIndex: ReadonlyMap<string, number>;
  /** The accelerator in effect: TCG from the rules, or KVM on a described host (an environment). */
  accel: AcceleratorIR;
  /** KVM as the rules describe it, without a host: what an environment completes. */
  kvm?: AcceleratorIR;
  /** Named bits except unmigratable ones, plus extra migratable bits. */
  migratable: Bitset;
  noAutoenable: Bitset;
  /** Per global bit: the flag rule (unmigratable / no-autoenable) that applies. */
  flagRule: (RuleRef | undefined)[];
  /** Features every named model gets when it is loaded (not user settings). */
  setOnLoad: { feature: number; rule: RuleRef }[];
  dependencies: DependencyIR[];
  xsave: XsaveIR | null;
  levels: LevelRuleIR[];
  definitions: DefinitionIR[];
  classes: ClassIR[];
  classIndex: ReadonlyMap<string, number>;
  machines: MachineIR[];
  machineIndex: ReadonlyMap<string, number>;
  /** The machine used when none is asked for (`none`). */
  defaultMachine: string;
  keyOrder: KeyOrderIR;
}
