
/**
 * Per-rule coverage: which rule ids a suite exercises (the rules its
 * explanations cite, and the rules that derived the state its answers start
 * from: ArchEngine.derivationRules) and which it never touches. Rule ids are
 * collected from the compiled IR, by the part of it they belong to
 * (ArchEngine.ruleIds).
 */
export interface Coverage {
  total: number;
  exercised: number;
  /** Per IR part (levels, definitions, dependencies, …): exercised and never-touched ids. */
  categories: { category: string; exercised: string[]; never: string[] }[];
}

/** Coverage over the universes of the engines used; `touched` are the ids the cases exercised. */
export function coverage(universes: readonly Map<string, Set<string>>[], touched: ReadonlySet<string>): Coverage {
  const merged = new Map<string, Set<string>>();
  for (const u of universes) for (const [k, ids] of u) merged.set(k, new Set([...(merged.get(k) ?? []), ...ids]));
  const claimed = new Set<string>();
  const categories = [...merged].map(([category, ids]) => {
    const own = [...ids].filter((id) => !claimed.has(id));
    own.forEach((id) => claimed.add(id));
    return { category, exercised: own.filter((id) => touched.has(id)), never: own.filter((id) => !touched.has(id)) };
  }).filter((c) => c.exercised.length + c.never.length > 0);
  const total = categories.reduce((n, c) => n + c.exercised.length + c.never.length, 0);
  return { total, exercised: categories.reduce((n, c) => n + c.exercised.length, 0), categories };
}
