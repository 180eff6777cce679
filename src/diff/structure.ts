import { fieldChanges } from './fields.js';
import { cite } from './cite.js';
import type { Catalog, CatalogEntry, CategoryInfo, Feeds } from '../target/policy.js';
import type { Cause } from './types.js';

/** One side of a diff as the structural comparison needs it. */
export interface Side {
  ast: unknown;
  catalog: Catalog;
}

/** A cause about one named entry of a category, with what it can change. */
export interface EntryCause {
  category: string;
  name: string;
  feeds: Feeds;
  cause: Omit<Cause, 'id' | 'answers'>;
}

function entryCause(info: CategoryInfo, name: string, old: Side, next: Side): EntryCause | null {
  const [a, b] = [old.catalog.get(info.name)?.get(name), next.catalog.get(info.name)?.get(name)];
  const [added, removed, changed] = info.kinds ?? ['rule-added', 'rule-removed', 'rule-changed'];
  const label = `${info.label} \`${name}\``;
  const feeds = (e: CatalogEntry): Feeds => e.feeds;
  const cause = (kind: string, summary: string, side: Side, entry: CatalogEntry, also?: CatalogEntry): EntryCause => ({
    category: info.name, name, feeds: mergeFeeds(feeds(entry), also && feeds(also)),
    cause: { kind, category: info.name, subject: name, summary, rules: [cite(side.ast, entry.rule)] },
  });
  const describe = (e: CatalogEntry) => info.describe?.(e.fields) ?? '';
  if (a && b) {
    const changes = fieldChanges(a.fields, b.fields);
    return changes.length === 0 ? null : cause(changed, `${label} changed: ${changes.join('; ')}`, next, b, a);
  }
  return b ? cause(added, `${label} added${describe(b)}`, next, b) : cause(removed, `${label} removed${describe(a!)}`, old, a!);
}

/** What either version of a changed entry feeds. */
function mergeFeeds(a: Feeds, b: Feeds | undefined): Feeds {
  if (!b) return a;
  const union = (x?: string[], y?: string[]) => [...new Set([...(x ?? []), ...(y ?? [])])];
  return { props: union(a.props, b.props), models: union(a.models, b.models), search: a.search || b.search, deprecation: a.deprecation || b.deprecation };
}

/** Every rule entry added, removed or changed between two profiles, category by category. */
export function structuralCauses(categories: readonly CategoryInfo[], old: Side, next: Side): EntryCause[] {
  return categories.flatMap((info) => {
    const names = new Set([...(old.catalog.get(info.name)?.keys() ?? []), ...(next.catalog.get(info.name)?.keys() ?? [])]);
    return [...names].map((n) => entryCause(info, n, old, next)).filter((c): c is EntryCause => c !== null);
  });
}

/** Names only in one side's category. */
export function addedRemoved(old: Catalog, next: Catalog, category: string): { added: string[]; removed: string[] } {
  const [a, b] = [old.get(category) ?? new Map(), next.get(category) ?? new Map()];
  return { added: [...b.keys()].filter((k) => !a.has(k)), removed: [...a.keys()].filter((k) => !b.has(k)) };
}
