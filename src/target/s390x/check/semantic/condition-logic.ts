/**
 * Condition trees as sets of conjunctions (disjunctive normal form) over
 * literals, for a sound but incomplete implication test: A implies B when
 * every conjunction of A contains some conjunction of B. Leaves are compared
 * as written (fact, operator, value), negated by `not`.
 */
export type Conjunction = ReadonlySet<string>;

const LIMIT = 256;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The DNF of a tree, or null when it is malformed or too large to compare. */
export function dnf(tree: unknown, negate = false): Conjunction[] | null {
  if (!isObject(tree)) return null;
  if ('not' in tree) return dnf(tree.not, !negate);
  if ('all' in tree || 'any' in tree) {
    const parts = (Array.isArray(tree.all ?? tree.any) ? (tree.all ?? tree.any) as unknown[] : []).map((c) => dnf(c, negate));
    if (parts.some((p) => p === null)) return null;
    const conjunctive = 'all' in tree !== negate;
    return conjunctive ? product(parts as Conjunction[][]) : (parts as Conjunction[][]).flat();
  }
  const literal = JSON.stringify([tree.fact, tree.operator, tree.value, tree.path ?? null]);
  return [new Set([negate ? `!${literal}` : literal])];
}

function product(parts: readonly Conjunction[][]): Conjunction[] | null {
  let acc: Conjunction[] = [new Set()];
  for (const part of parts) {
    acc = acc.flatMap((a) => part.map((b) => new Set([...a, ...b])));
    if (acc.length > LIMIT) return null;
  }
  return acc;
}

/** True when `a` certainly implies `b` (false when unknown). */
export function implies(a: Conjunction[] | null, b: Conjunction[] | null): boolean {
  if (!a || !b) return false;
  return a.every((ca) => contradictory(ca) || b.some((cb) => [...cb].every((l) => ca.has(l))));
}

function contradictory(c: Conjunction): boolean {
  return [...c].some((l) => c.has(`!${l}`));
}
