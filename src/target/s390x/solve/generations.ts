import type { CompiledRules, Edit } from '../compile/ir.js';
import { SET_KINDS, type SetKind } from '../levels.js';
import { Bitset } from '../../../util/bitset.js';

/** The three cumulative sets at one generation level. */
export type LevelSets = Record<SetKind, Bitset>;

/**
 * One derivation per derived fact: for each level, set and feature, the edit
 * (rule) that put the feature there, or null when it is absent.
 */
export type Derivations = Record<SetKind, (Edit | null)[]>;

export interface Solution {
  sets: LevelSets[];
  why: Derivations[];
}

/** Which added lists feed each set: base additions reach all three sets. */
const FEEDS: Record<SetKind, readonly SetKind[]> = {
  base: ['base'],
  default: ['base', 'default'],
  full: ['base', 'full'],
};

/**
 * The cumulative generation sets, level by level in release order:
 *   in(S, L, f) :- in(S, L-1, f), !removed(S, L, f).
 *   in(S, L, f) :- added(T, L, f), T ∈ FEEDS[S].
 * Removals of a level apply before its additions. A feature already present
 * keeps the derivation of the level that first added it (the shortest one).
 */
export function solveGenerations(rules: CompiledRules): Solution {
  const sets: LevelSets[] = [];
  const why: Derivations[] = [];
  let current = emptySets(rules.size);
  let reasons = emptyReasons(rules.size);
  for (const level of rules.levels) {
    current = { base: current.base.clone(), default: current.default.clone(), full: current.full.clone() };
    reasons = { base: [...reasons.base], default: [...reasons.default], full: [...reasons.full] };
    for (const kind of SET_KINDS) {
      for (const edit of level.remove[kind]) apply(current[kind], reasons[kind], edit, false);
      for (const source of FEEDS[kind]) {
        for (const edit of level.add[source]) apply(current[kind], reasons[kind], edit, true);
      }
    }
    sets.push(current);
    why.push(reasons);
  }
  return { sets, why };
}

function apply(set: Bitset, reasons: (Edit | null)[], edit: Edit, add: boolean): void {
  for (const f of edit.mask) {
    if (add && !set.has(f)) {
      set.add(f);
      reasons[f] = edit;
    } else if (!add) {
      set.delete(f);
      reasons[f] = null;
    }
  }
}

function emptySets(size: number): LevelSets {
  return { base: new Bitset(size), default: new Bitset(size), full: new Bitset(size) };
}

function emptyReasons(size: number): Derivations {
  const none = () => new Array<Edit | null>(size).fill(null);
  return { base: none(), default: none(), full: none() };
}
