import type { RuleSetAst } from '../target/s390x/parse/ast.js';
import { fieldChanges, type Catalog, type Category, type Entry } from './catalog.js';
import { cite } from './cite.js';
import type { Cause, CauseKind } from './types.js';

/** One side of a diff as the structural comparison needs it. */
export interface Side {
  ast: RuleSetAst;
  catalog: Catalog;
}

/** A cause about one named entry of a category. */
export interface EntryCause {
  category: Category;
  name: string;
  cause: Omit<Cause, 'id' | 'answers'>;
}

/** How each category names its changes; categories without kinds use the generic rule-* kinds. */
const KINDS: Partial<Record<Category, [CauseKind, CauseKind, CauseKind]>> = {
  features: ['feature-added', 'feature-removed', 'feature-changed'],
  groups: ['group-added', 'group-removed', 'group-changed'],
  definitions: ['definition-added', 'definition-removed', 'definition-changed'],
  deprecations: ['deprecation', 'deprecation', 'deprecation'],
  'special-models': ['special-model', 'special-model', 'special-model'],
};

const LABEL: Record<Category, string> = {
  features: 'feature', groups: 'group', definitions: 'definition', generations: 'generation level',
  dependencies: 'dependency', deprecations: 'deprecation reporting', 'definition-search': 'definition-search rule',
  'qemu-lists': 'qemu feature list', 'special-models': 'model', machines: 'machine type', 'environment-rules': 'environment rule',
};

function describe(category: Category, e: Entry): string {
  const f = e.fields;
  if (category === 'dependencies') return ` (${f.feature} requires ${f.requires})`;
  if (category === 'deprecations') return ` (${(f.features as string[]).join(', ') || 'no features'})`;
  return '';
}

function entryCause(category: Category, name: string, old: Side, next: Side): EntryCause | null {
  const [a, b] = [old.catalog[category].get(name), next.catalog[category].get(name)];
  const [added, removed, changed] = KINDS[category] ?? ['rule-added', 'rule-removed', 'rule-changed'];
  const label = `${LABEL[category]} \`${name}\``;
  const cause = (kind: CauseKind, summary: string, side: Side, entry: Entry): EntryCause =>
    ({ category, name, cause: { kind, category, subject: name, summary, rules: [cite(side.ast, entry.rule)] } });
  if (a && b) {
    const changes = fieldChanges(a.fields, b.fields);
    return changes.length === 0 ? null : cause(changed, `${label} changed: ${changes.join('; ')}`, next, b);
  }
  return b ? cause(added, `${label} added${describe(category, b)}`, next, b) : cause(removed, `${label} removed${describe(category, a!)}`, old, a!);
}

/** Every rule entry added, removed or changed between two profiles, category by category. */
export function structuralCauses(old: Side, next: Side): EntryCause[] {
  return (Object.keys(LABEL) as Category[]).flatMap((category) => {
    const names = new Set([...old.catalog[category].keys(), ...next.catalog[category].keys()]);
    return [...names].map((n) => entryCause(category, n, old, next)).filter((c): c is EntryCause => c !== null);
  });
}

/** Names only in one side's category. */
export function addedRemoved(old: Catalog, next: Catalog, category: Category): { added: string[]; removed: string[] } {
  const [a, b] = [old[category], next[category]];
  return { added: [...b.keys()].filter((k) => !a.has(k)), removed: [...a.keys()].filter((k) => !b.has(k)) };
}
