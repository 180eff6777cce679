import type { CompiledRules, ModelRefIR } from '../compile/ir.js';
import type { Catalog, CatalogEntry as Entry, CategoryInfo, Feeds } from '../../policy.js';
import type { Bitset } from '../../../util/bitset.js';

/**
 * Every rule of a compiled s390x profile as comparable data: per category,
 * entries by name with their fields (scalars, or name lists compared as
 * sets) and what they can change in the answers. Two profiles' catalogs are
 * compared entry by entry (src/diff/structure.ts).
 */
type Fields = Entry['fields'];

export const CATEGORIES: readonly CategoryInfo[] = [
  { name: 'features', label: 'feature', plural: 'features', kinds: ['feature-added', 'feature-removed', 'feature-changed'] },
  { name: 'groups', label: 'group', plural: 'groups', kinds: ['group-added', 'group-removed', 'group-changed'] },
  { name: 'definitions', label: 'definition', plural: 'definitions', kinds: ['definition-added', 'definition-removed', 'definition-changed'] },
  { name: 'generations', label: 'generation level', plural: 'generation levels' },
  { name: 'dependencies', label: 'dependency', plural: 'dependencies', describe: (f) => ` (${f.feature} requires ${f.requires})` },
  { name: 'deprecations', label: 'deprecation reporting', plural: 'deprecation reporting', kinds: ['deprecation', 'deprecation', 'deprecation'],
    describe: (f) => ` (${(f.features as string[]).join(', ') || 'no features'})` },
  { name: 'definition-search', label: 'definition-search rule', plural: 'definition-search rules' },
  { name: 'qemu-lists', label: 'qemu feature list', plural: 'qemu feature lists' },
  { name: 'special-models', label: 'model', plural: 'models', kinds: ['special-model', 'special-model', 'special-model'] },
  { name: 'machines', label: 'machine type', plural: 'machine types' },
  { name: 'environment-rules', label: 'environment rule', plural: 'environment rules' },
];

/** What an entry of each category can change in the answers. */
const FEEDS: Record<string, (name: string) => Feeds> = {
  features: (n) => ({ props: [n] }),
  groups: (n) => ({ props: [n] }),
  definitions: (n) => ({ models: [n, `${n}-base`], search: true }),
  deprecations: () => ({ deprecation: true }),
  'definition-search': () => ({ search: true }),
  'special-models': (n) => ({ models: [n] }),
  dependencies: () => ({ realize: true }),
  machines: () => ({ machine: true }),
  'environment-rules': () => ({ environment: true }),
};

function names(rules: CompiledRules, mask: Bitset): string[] {
  return [...mask].map((f) => rules.features[f]!.name).sort();
}

function byName<T>(items: readonly T[], entry: (t: T) => Omit<Entry, 'feeds'>): Map<string, Entry> {
  return new Map(items.map((t) => entry(t)).map((e) => [e.name, { ...e, feeds: {} }]));
}

function modelRef(rules: CompiledRules, name: string, ref: ModelRefIR): Omit<Entry, 'feeds'> {
  return { name, rule: ref.rule, fields: { definition: rules.definitions[ref.definition]!.name, list: ref.list, features: names(rules, ref.features) } };
}

function definitionFields(rules: CompiledRules, i: number): Fields {
  const d = rules.definitions[i]!;
  return { 'cpu type': `0x${d.cpuType.toString(16)}`, level: rules.levels[d.level]!.key, legacy: String(d.legacy),
    description: d.desc, 'mha_pow': String(d.mhaPow), hmfai: `0x${d.hmfai.toString(16)}` };
}

export function ruleCatalog(rules: CompiledRules): Catalog {
  const out = new Map<string, Map<string, Entry>>();
  for (const [category, entries] of Object.entries(categories(rules))) {
    const feeds = FEEDS[category];
    out.set(category, new Map([...entries].map(([k, e]) => [k, feeds ? { ...e, feeds: feeds(k) } : e])));
  }
  return out;
}

function categories(rules: CompiledRules): Record<string, Map<string, Entry>> {
  const n = (mask: Bitset) => names(rules, mask);
  return {
    features: byName(rules.features, (f) => ({ name: f.name, rule: f.rule, fields: { type: f.type, bit: String(f.bit), description: f.desc } })),
    groups: byName(rules.groups, (g) => ({ name: g.name, rule: g.rule, fields: { members: n(g.mask), description: g.desc } })),
    definitions: byName(rules.definitions, (d) => ({ name: d.name, rule: d.rule, fields: definitionFields(rules, d.index) })),
    generations: byName(rules.levels, (l) => ({ name: l.key, rule: l.rule, fields: {} })),
    dependencies: byName(rules.dependencies, (d) => ({ name: d.rule.id, rule: d.rule,
      fields: { feature: rules.features[d.feature]!.name, requires: rules.features[d.requires]!.name } })),
    deprecations: byName(rules.deprecated ? [rules.deprecated] : [], (d) => ({ name: 'deprecated-props', rule: d.rule,
      fields: { features: n(d.mask), 'empty list printed': String(d.printEmpty) } })),
    'definition-search': byName(rules.searchIgnored, (e) => ({ name: e.rule.id, rule: e.rule, fields: { ignored: n(e.mask) } })),
    'qemu-lists': byName(rules.qemuLists, (l) => ({ name: l.name, rule: l.rule, fields: { features: n(l.mask) } })),
    'special-models': byName([['max', rules.tcgMax], ['qemu', rules.latestQemu]] as const, ([name, ref]) => modelRef(rules, name, ref)),
    machines: byName(rules.machines, (m) => ({ name: m.name, rule: m.rule, fields: { settings: JSON.stringify({
      qemu: m.qemuModel && [rules.definitions[m.qemuModel.definition]!.name, m.qemuModel.list],
      featoff: m.featoffs.map((f) => [f.gen, f.ga, n(f.mask)]), kvm: m.kvmCpuModels, deprecated: m.deprecated }) } })),
    'environment-rules': byName(rules.envRules, (r) => ({ name: r.id, rule: r.rule, fields: {
      when: JSON.stringify(r.condition), available: n(r.available), unavailable: n(r.unavailable) } })),
  };
}
