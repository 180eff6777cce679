/**
 * What the policy tools (check, fmt, diff, what-if, test coverage) need of
 * an architecture, beyond its pipeline. The tools are shared
 * (src/check-driver, src/fmt, src/diff, src/whatif, src/suite); each
 * architecture fills these hooks from its own AST and IR.
 */
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import type { Layout } from '../fmt/layout.js';
import type { SourceText } from '../load/load.js';
import type { ArchEngine } from './types.js';

// ---------------------------------------------------------------- diff

/** A rule cited as the reason for a change: id, `file:line:col`, and a version note. */
export interface RuleCite {
  id: string;
  at: string;
  /** E.g. `since 10.0` (the rule exists from that QEMU version on). */
  note?: string;
}

/** What a rule entry can change in the answer space, for attributing answer changes to it. */
export interface Feeds {
  /** Property names (features, groups, aliases) whose values it can change in any model. */
  props?: string[];
  /** Model names all of whose answers it can change. */
  models?: string[];
  /** It can change which definition a baseline's search picks. */
  search?: boolean;
  /** It decides `deprecated-props`. */
  deprecation?: boolean;
  /** It changes what a compat machine type does (answers asked on a machine). */
  machine?: boolean;
  /** It changes what a host environment makes of the rules (host models, check-run verdicts). */
  environment?: boolean;
  /** It changes what starting a VM prints (dependency warnings). */
  realize?: boolean;
}

/** One rule entry of a compiled profile as comparable data. */
export interface CatalogEntry {
  name: string;
  rule: { id: string; span: Span };
  /** Scalars, or name lists compared as sets. */
  fields: Record<string, string | string[]>;
  feeds: Feeds;
}

/** A rule category: its name (`features`), how one entry is called (`feature`), and several (`features`). */
export interface CategoryInfo {
  name: string;
  label: string;
  plural: string;
  /** Cause kinds for added/removed/changed entries; default rule-added/-removed/-changed. */
  kinds?: readonly [string, string, string];
  /** A short summary of an entry for added/removed lines (e.g. ` (vx requires vxeh)`). */
  describe?(fields: CatalogEntry['fields']): string;
}

/** Every rule of a profile, by category (in report order), by name. */
export type Catalog = ReadonlyMap<string, ReadonlyMap<string, CatalogEntry>>;

/**
 * A feature gained or lost by a derived set (a definition's base, default or
 * full set; a version's resolved features), with the rule that explains it.
 */
export interface SetFact {
  /** The thing whose set changed (a definition, a versioned model). */
  definition: string;
  /** Which set (`base`, `default`, `full`, `features`). */
  set: string;
  feature: string;
  gained: boolean;
  rule: RuleCite;
  /** The models whose answers the set feeds (`z14-base`, `z14`, `Westmere-v2`, …). */
  models: string[];
  /** The set decides baseline's definition search (s390x base sets). */
  search?: boolean;
}

/** One side of a diff: the AST and the solved profile. */
export interface DiffSideData<Ast, Solved> {
  ast: Ast;
  solved: Solved;
}

/** A QMP request of the answer space. */
export interface QueryRequest {
  execute: string;
  arguments?: Record<string, unknown>;
}

/** What the answer space is built over: the models both sides have, the properties either side knows. */
export interface SpaceInput {
  models: readonly string[];
  props: readonly string[];
  engine: ArchEngine;
}

export interface DiffHooks<Ast, Solved> {
  categories: readonly CategoryInfo[];
  catalog(side: DiffSideData<Ast, Solved>): Catalog;
  /** The derived sets that differ between two sides, fact by fact. */
  setFacts(old: DiffSideData<Ast, Solved>, next: DiffSideData<Ast, Solved>): SetFact[];
  /**
   * The requests of the answer space over the given models (each asked of
   * both sides): every request a user can make of them, with each of `props`
   * switched on and off.
   */
  space(input: SpaceInput): QueryRequest[];
  /** The properties a user can switch on or off (features, groups, aliases). */
  toggles(side: DiffSideData<Ast, Solved>): string[];
  /** The compat machine types. */
  machines(side: DiffSideData<Ast, Solved>): string[];
  /** The requests asked on each machine type (`engine`: that machine's). */
  machineSpace(models: readonly string[], engine: ArchEngine): QueryRequest[];
  /** Properties that change together: a group and its members, an alias and its target. */
  relatedProps(side: DiffSideData<Ast, Solved>): Map<string, string[]>;
}

// ---------------------------------------------------------------- what-if

/** A what-if edit: add a value to a list, remove it, or set a field, at a path into the rule AST. */
export interface EditOp {
  op: 'add' | 'remove' | 'set';
  path: string;
  value: unknown;
  /** The value as written (versions such as 10.0 must stay text). */
  raw: string;
  span: Span;
}

export interface WhatIfHooks<Ast> {
  /** Apply one edit to an immer draft of the AST; a problem as text. */
  apply(draft: Ast, op: EditOp): string | undefined;
  /** The paths an edit may name, for help texts. */
  readonly help: string;
}

// ---------------------------------------------------------------- the oracle

/** The requests with which the live-QEMU agreement report and differential tests compare cpumodel with QEMU. */
export interface OracleHooks {
  /** Labelled request sets (the model space, properties, `count` random requests from `seed`). */
  requestSets(engine: ArchEngine, seed: number, count: number): [string, QueryRequest[]][];
  /** The machine whose settings reach furthest (the oldest), or undefined. */
  oldestMachine(engine: ArchEngine): string | undefined;
  /** What shows a machine type's effect; `oldest` is the engine of the oldest machine. */
  machineRequests(engine: ArchEngine, oldest: ArchEngine): QueryRequest[];
  /** Realize runs (`-machine M -cpu SPEC`): the machine and the specs. */
  readonly realize?: { machine: string; specs(engine: ArchEngine, seed: number, count: number): string[] };
}

// ---------------------------------------------------------------- the hooks

export interface PolicyHooks<Ast, Solved> {
  /** The policy checks of `cpumodel check` beyond parse and check, over every profile. */
  lint(ast: Ast, options: { environments?: readonly SourceText[] }): Promise<Diagnostic[]>;
  /** The formatter's layout of a rule file (and of the architecture's environment descriptions). */
  readonly layout: Layout;
  readonly diff: DiffHooks<Ast, Solved>;
  readonly whatIf: WhatIfHooks<Ast>;
  readonly oracle: OracleHooks;
}
