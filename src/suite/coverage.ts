
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
  /** Per rule id: its category, where it is written (`file:line`) and how many cases exercise it. */
  rules: { id: string; category: string; at?: string; cases: number }[];
}

/** What the cases of a run exercised: per rule id, how many cases touched it. */
export function touchCounts(touchedPerCase: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ids of touchedPerCase) for (const id of new Set(ids)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/**
 * Coverage over the universes of the engines used; `counts` says how many
 * cases exercised each id, `locations` where each id is written.
 */
export function coverage(universes: readonly Map<string, Set<string>>[], counts: ReadonlyMap<string, number>, locations: ReadonlyMap<string, string> = new Map()): Coverage {
  const touched = new Set(counts.keys());
  const merged = new Map<string, Set<string>>();
  for (const u of universes) for (const [k, ids] of u) merged.set(k, new Set([...(merged.get(k) ?? []), ...ids]));
  const claimed = new Set<string>();
  const categories = [...merged].map(([category, ids]) => {
    const own = [...ids].filter((id) => !claimed.has(id));
    own.forEach((id) => claimed.add(id));
    return { category, exercised: own.filter((id) => touched.has(id)), never: own.filter((id) => !touched.has(id)) };
  }).filter((c) => c.exercised.length + c.never.length > 0);
  const total = categories.reduce((n, c) => n + c.exercised.length + c.never.length, 0);
  const rules = categories.flatMap(({ category, exercised, never }) => [...exercised, ...never]
    .map((id) => ({ id, category, ...(locations.has(id) ? { at: locations.get(id)! } : {}), cases: counts.get(id) ?? 0 })));
  return { total, exercised: categories.reduce((n, c) => n + c.exercised.length, 0), categories, rules };
}
