/**
 * The x86_64 rule language as parsed: everything the rule files say, with
 * spans, no cross-references resolved. The file formats are documented in
 * docs/rules-x86_64.md and checked by schema/x86_64/*.schema.json.
 *
 * Every entry may carry `since`/`until` (Versioned): it exists in the
 * profiles whose QEMU version is >= since and < until. The AST is plain JSON
 * data (the rule cache stores it).
 */
import type { Span } from '../../diag/diagnostic.js';
import type { Located, Name, ProfileDecl, Versioned } from '../../parse/located.js';
import { emptyOutline, type Outline } from '../../parse/outline.js';

export type { Located, Name, ProfileDecl, Versioned };

/** A list of bit numbers as written: integers or inclusive ranges such as "0-31". */
export type BitList = Located<number | string>[];

/** Where a feature word's value is read: a CPUID output register or an MSR. */
export type WordSource =
  | { kind: 'cpuid'; eax: number; ecx?: number; reg: 'EAX' | 'EBX' | 'ECX' | 'EDX' }
  | { kind: 'msr'; index: number };

/** A feature word (QEMU's FeatureWord enum entry), in enum order. */
export interface FeatureWordDecl extends Versioned {
  name: Name;
  source: WordSource;
  /** Bits without a property that still count as migratable (XCR0 components). */
  migratableBits: BitList;
  /** Bits without a property that max/host never switch on by themselves. */
  noAutoenableBits: BitList;
  /** `max`/`host` switch the word's features on only for a CPU of this vendor. */
  autoenableVendor?: Name;
}

/** A named feature: one boolean QOM property over one or (rarely) two bits of a word. */
export interface FeatureDecl extends Versioned {
  name: Name;
  word: Name;
  bits: Located<number>[];
  desc?: string;
}

/** An extra QOM property name that forwards to a feature or another property. */
export interface AliasDecl extends Versioned {
  alias: Name;
  target: Name;
}

/** `unmigratable` or `no-autoenable`, set on features. */
export interface FeatureFlagDecl extends Versioned {
  flag: Located<string>;
  features: Name[];
  reason?: string;
}

/** Features (and raw bits) an accelerator supports, and what it does to models. */
export interface AcceleratorDecl extends Versioned {
  name: Name;
  /** Realize's warning prefix for an unsupported feature (default: `<NAME> doesn't support requested feature`). */
  unsupportedWarning?: Located<string>;
  /** Entries of supported features, each versioned. */
  supports: { features: Name[]; since?: Located<string>; until?: Located<string>; span: Span }[];
  /** Supported bits that have no property name (they only matter for unavailable-features). */
  supportsBits: { word: Name; bits: BitList; reason?: string; since?: Located<string>; until?: Located<string>; span: Span }[];
  /** Property settings applied to every named model at creation; they count as user settings. */
  modelDefaults: { props: PropDecl[]; since?: Located<string>; until?: Located<string>; span: Span }[];
  /** Property settings applied to `max`/`host` at creation (after their own init). */
  hostModelDefaults: { props: PropDecl[]; since?: Located<string>; until?: Located<string>; span: Span }[];
  /** Host values (see an environment's `host`) that every named model takes instead of its table's. */
  modelsTakeHost: Name[];
  /** Features the accelerator offers on every host whatever its CPUID says (KVM emulates them). */
  emulated: Name[];
  /** Words that read as zero after expansion under this accelerator (FEAT_KVM without KVM). */
  zeroWords: Name[];
  /** A boolean property that, when on, keeps the zero words (KVM's `kvm`). */
  zeroWordsUnless?: Name;
  /**
   * Integer properties the accelerator supports only up to `max` (the AVX10
   * version): above it realize warns `<prefix>: <warning with {value}>` and
   * `enforce` fails.
   */
  propertyLimits: { property: Name; max: Located<number>; warning: string; since?: Located<string>; until?: Located<string>; span: Span }[];
  span: Span;
}

/** One `key: value` of a props map, value as YAML gave it (boolean, integer or string). */
export interface PropDecl {
  key: Name;
  value: Located<boolean | number | string>;
}

/** What a dependency row clears: named features (all their bits) or bits of one word. */
export type ClearDecl =
  | { kind: 'features'; features: Name[] }
  | { kind: 'bits'; word: Name; bits?: BitList; span: Span };

/** `if none of [features] is on, clear …`, applied once, in file order. */
export interface DependencyDecl extends Versioned {
  id: Name;
  ifNone: Name[];
  clear: ClearDecl;
}

/** An XSAVE state component and the features that enable it. */
export interface XsaveComponentDecl extends Versioned {
  component: Located<number>;
  state: Located<'xcr0' | 'xss'>;
  enabledBy: Name[];
}

export interface XsaveDecl {
  /** The four state words: xcr0 low/high, xss low/high. */
  words: { xcr0: Name[]; xss: Name[] };
  /** The feature without which every state word is zero. */
  requires: Name;
  components: XsaveComponentDecl[];
  /** Profiles in which components above 1 the accelerator cannot save are never enabled. */
  acceleratorGated: Versioned[];
  span: Span;
}

/** A minimum CPUID level a model needs, raised (never lowered) during expansion. */
export interface LevelRuleDecl extends Versioned {
  id: Name;
  /** Raise to each non-zero word's own leaf (min-level, min-xlevel or min-xlevel2 by leaf range). */
  words?: Name[];
  /** Or: when this feature is on (or when this word is non-zero)… */
  feature?: Name;
  word?: Name;
  /** …raise these properties to these values. */
  raise?: { key: Name; value: Located<number> }[];
  /** Boolean QOM properties that must all be true for the rule to apply. */
  when: Name[];
  /** When this property is false, drop the feature instead if the level is below the raised value. */
  switch?: Name;
  /** What realize prints before the dropped feature (QEMU's warning prefix). */
  warning?: string;
}

/** A version of a definition: its props apply cumulatively (v1, …, vN). */
export interface VersionDecl extends Versioned {
  version: Located<number>;
  alias?: Name;
  note?: string;
  /** Cache description that replaces the definition's from this version on. */
  cache?: Name;
  props: PropDecl[];
}

/** A CPU definition of QEMU's model table. */
export interface DefinitionDecl extends Versioned {
  name: Name;
  vendor: Located<string>;
  family: Located<number>;
  model: Located<number>;
  stepping: Located<number>;
  level: Located<number>;
  xlevel: Located<number>;
  modelId: Located<string>;
  cache?: Name;
  avx10Version?: Located<number>;
  deprecationNote?: Located<string>;
  features: Name[];
  /** Bits without a property name the model table sets, by word. */
  bits: { word: Name; bits: BitList }[];
  versions: VersionDecl[];
}

/** base, max, host: models with their own instance setup. */
export interface SpecialModelDecl extends Versioned {
  name: Name;
  static: boolean;
  migrationSafe: boolean;
  /** query-cpu-definitions sorts by (ordering, name). */
  ordering: Located<number>;
  /** Every word gets the accelerator's supported bits the user did not set (max, host). */
  autoenable: boolean;
  /** Expands like this model (host under TCG expands like max). */
  like?: Name;
  /** The model needs this accelerator: elsewhere query-cpu-definitions lists it as the only unavailable feature. */
  needsAccelerator?: Name;
  init: { props: PropDecl[]; reason?: string; since?: Located<string>; until?: Located<string>; span: Span }[];
}

/** A global property a compat machine registers: for every CPU (`*`) or one model name. */
export interface CompatPropDecl {
  driver: Located<string>;
  property: Name;
  value: Located<string>;
  /** QEMU's table names a model that no longer exists: the entry applies to nothing. */
  dangling: boolean;
  span: Span;
}

export interface CompatArrayDecl extends Versioned {
  name: Name;
  props: CompatPropDecl[];
}

/** How an unversioned model name picks its version on a machine. */
export type CpuVersionMode = 'default' | 'legacy' | 'latest';

/** A versioned machine type of a family; it also applies every newer type's settings of its family. */
export interface MachineTypeDecl extends Versioned {
  version: Located<string>;
  compat: Name[];
  cpuVersion?: Located<CpuVersionMode>;
  /** query-machines flags the type deprecated in profiles from this QEMU version on. */
  deprecatedSince?: Located<string>;
}

export interface MachineFamilyDecl extends Versioned {
  name: Name;
  /** The alias of the newest type (`pc`, `q35`). */
  alias?: Name;
  /** Newest first. */
  types: MachineTypeDecl[];
}

export interface MachinesDecl {
  /** The machine without CPUs (`none`): version 1, no compat props. */
  empty?: Name;
  families: MachineFamilyDecl[];
  /** Machines outside the families (`microvm`, `isapc`). */
  others: { name: Name; cpuVersion?: Located<CpuVersionMode>; compat: Name[]; since?: Located<string>; until?: Located<string>; span: Span }[];
  compatArrays: CompatArrayDecl[];
}

/** A non-feature QOM property of the x86 CPU object. */
export interface CpuPropertyDecl extends Versioned {
  name: Name;
  /** QOM type as qom-list-properties reports it (bool, uint32, int, string, OnOffAuto, link<…>, …). */
  type: Located<string>;
  /** Shown in full expansion (absent: read-only or not readable); integers above 2^53 as decimal strings. */
  default?: Located<boolean | number | string>;
  /** Writable properties accept props; read-only ones answer "is not writable". */
  writable: boolean;
  /** Listed in full expansion (readable and writable, not `hotplugged`). */
  expanded: boolean;
  /** Only these models have the property (migratable, host-cache-info: max and host). */
  models: Name[];
  /** A setter with its own checks and texts (family, model, stepping, vendor, model-id, tsc-frequency, …). */
  setter?: Located<string>;
  /** Shown by static expansion: these properties (in file order), then every feature. */
  static?: boolean;
}

/** The order QEMU prints full-expansion keys in, as recorded from the live binary. */
export interface KeyOrderDecl extends Versioned {
  /** `named` (every named model and base) or `max` (max and host). */
  models: Located<string>;
  keys: Name[];
}

export interface X86Ast {
  arch?: Located<string>;
  profiles: ProfileDecl[];
  words: FeatureWordDecl[];
  features: FeatureDecl[];
  aliases: AliasDecl[];
  flags: FeatureFlagDecl[];
  accelerators: AcceleratorDecl[];
  dependencies: DependencyDecl[];
  xsave: XsaveDecl[];
  levels: LevelRuleDecl[];
  definitions: DefinitionDecl[];
  specials: SpecialModelDecl[];
  machines: MachinesDecl[];
  properties: CpuPropertyDecl[];
  keyOrders: KeyOrderDecl[];
  /** The files read and their top-level keys: where to report what is missing. */
  outline: Outline;
}

export function emptyX86Ast(): X86Ast {
  return {
    profiles: [], words: [], features: [], aliases: [], flags: [], accelerators: [], dependencies: [],
    xsave: [], levels: [], definitions: [], specials: [], machines: [], properties: [], keyOrders: [],
    outline: emptyOutline(),
  };
}
