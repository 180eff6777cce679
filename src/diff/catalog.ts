import type { CompiledRules, ModelRefIR, RuleRef } from '../target/s390x/compile/ir.js';
import type { Bitset } from '../util/bitset.js';

/**
 * Every rule of a compiled profile as comparable data: per category, entries
 * by name with their fields (scalars, or name lists compared as sets). Two
 * profiles' catalogs are compared entry by entry.
 */
export type Fields = Record<string, string | string[]>;

export interface Entry {
  name: string;
  rule: RuleRef;
  fields: Fields;
}

export type Category =
  | 'features' | 'groups' | 'definitions' | 'generations' | 'dependencies' | 'deprecations'
  | 'definition-search' | 'qemu-lists' | 'special-models' | 'machines' | 'environment-rules';

export type Catalog = Record<Category, Map<string, Entry>>;

function names(rules: CompiledRules, mask: Bitset): string[] {
  return [...mask].map((f) => rules.features[f]!.name).sort();
}

function byName<T>(items: readonly T[], entry: (t: T) => Entry): Map<string, Entry> {
  return new Map(items.map((t) => entry(t)).map((e) => [e.name, e]));
}

function modelRef(rules: CompiledRules, name: string, ref: ModelRefIR): Entry {
  return { name, rule: ref.rule, fields: { definition: rules.definitions[ref.definition]!.name, list: ref.list, features: names(rules, ref.features) } };
}

function definitionFields(rules: CompiledRules, i: number): Fields {
  const d = rules.definitions[i]!;
  return { 'cpu type': `0x${d.cpuType.toString(16)}`, level: rules.levels[d.level]!.key, legacy: String(d.legacy),
    description: d.desc, 'mha_pow': String(d.mhaPow), hmfai: `0x${d.hmfai.toString(16)}` };
}

export function ruleCatalog(rules: CompiledRules): Catalog {
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
    'special-models': new Map([['max', modelRef(rules, 'max', rules.tcgMax)], ['qemu', modelRef(rules, 'qemu', rules.latestQemu)]]),
    machines: byName(rules.machines, (m) => ({ name: m.name, rule: m.rule, fields: { settings: JSON.stringify({
      qemu: m.qemuModel && [rules.definitions[m.qemuModel.definition]!.name, m.qemuModel.list],
      featoff: m.featoffs.map((f) => [f.gen, f.ga, n(f.mask)]), kvm: m.kvmCpuModels, deprecated: m.deprecated }) } })),
    'environment-rules': byName(rules.envRules, (r) => ({ name: r.id, rule: r.rule, fields: {
      when: JSON.stringify(r.condition), available: n(r.available), unavailable: n(r.unavailable) } })),
  };
}

/** What changed in one entry: `field a → b` for scalars, `field +x -y` for lists. */
export function fieldChanges(a: Fields, b: Fields): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => {
    const [x, y] = [a[k] ?? '', b[k] ?? ''];
    if (Array.isArray(x) || Array.isArray(y)) {
      const [sx, sy] = [new Set(x), new Set(y)];
      const plus = [...sy].filter((v) => !sx.has(v)).map((v) => `+${v}`);
      const minus = [...sx].filter((v) => !sy.has(v)).map((v) => `-${v}`);
      return plus.length + minus.length > 0 ? [`${k} ${[...plus, ...minus].join(' ')}`] : [];
    }
    return x === y ? [] : [`${k} ${x || '(none)'} → ${y || '(none)'}`];
  });
}
