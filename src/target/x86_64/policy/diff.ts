/**
 * The x86_64 side of `cpumodel diff` and `what-if`: every rule of a compiled
 * profile as comparable entries (with what each can change in the answers),
 * and the models' starting feature sets (model table, cumulative version
 * props, TCG defaults, machine globals) compared fact by fact.
 */
import { cite } from '../../../diff/cite.js';
import type { Catalog, CatalogEntry, CategoryInfo, DiffSideData, SetFact } from '../../policy.js';
import type { ClassIR, RuleRef, X86Rules } from '../compile/ir.js';
import type { X86Ast } from '../ast.js';
import { Core } from '../engine/core.js';
import { buildInstance } from '../engine/instance.js';
import { isSet, Trace } from '../engine/state.js';

export const CATEGORIES: readonly CategoryInfo[] = [
  { name: 'features', label: 'feature', plural: 'features', kinds: ['feature-added', 'feature-removed', 'feature-changed'] },
  { name: 'definitions', label: 'definition', plural: 'definitions', kinds: ['definition-added', 'definition-removed', 'definition-changed'] },
  { name: 'versions', label: 'version', plural: 'versions' },
  { name: 'feature-words', label: 'feature word', plural: 'feature words' },
  { name: 'aliases', label: 'property alias', plural: 'property aliases' },
  { name: 'feature-flags', label: 'feature flag', plural: 'feature flags' },
  { name: 'tcg', label: 'TCG support of', plural: 'TCG support entries', describe: (f) => (f.bits ? ` (bits ${String(f.bits)})` : '') },
  { name: 'tcg-defaults', label: 'TCG model default', plural: 'TCG model defaults' },
  { name: 'dependencies', label: 'dependency', plural: 'dependencies', describe: (f) => ` (if none of ${String(f['if none'])}: clear ${String(f.clear)})` },
  { name: 'xsave', label: 'XSAVE component', plural: 'XSAVE components' },
  { name: 'cpuid-levels', label: 'CPUID level rule', plural: 'CPUID level rules' },
  { name: 'special-models', label: 'model', plural: 'models', kinds: ['special-model', 'special-model', 'special-model'] },
  { name: 'machines', label: 'machine type', plural: 'machine types' },
  { name: 'cpu-properties', label: 'CPU property', plural: 'CPU properties' },
  { name: 'key-order', label: 'key order', plural: 'key orders' },
];

const LEVEL_PROPS = ['min-level', 'min-xlevel', 'min-xlevel2', 'level', 'xlevel', 'xlevel2', 'level-func7'];

type Entries = Map<string, CatalogEntry>;

function entries<T>(items: readonly T[], entry: (t: T) => CatalogEntry | CatalogEntry[] | undefined): Entries {
  const out: Entries = new Map();
  for (const t of items) for (const e of [entry(t) ?? []].flat()) out.set(e.name, e);
  return out;
}

const featureName = (r: X86Rules, i: number) => r.features[i]!.name;

/** A global bit as a name: its feature, or WORD[bit]. */
function bitName(r: X86Rules, bit: number): string {
  const f = r.bitFeature[bit]!;
  return f >= 0 ? featureName(r, f) : `${r.words[bit >> 6]!.name}[${bit & 63}]`;
}

/** Several global bits as names, each feature once. */
const bitNames = (r: X86Rules, bits: readonly number[]) => [...new Set(bits.map((b) => bitName(r, b)))];

/** Every class (query-cpu-definitions name) of a definition. */
function classesOf(r: X86Rules, definition: number): string[] {
  return r.classes.filter((c) => c.definition === definition).map((c) => c.name);
}

function definitions(r: X86Rules): [Entries, Entries] {
  const defs = entries(r.definitions, (d) => ({
    name: d.name, rule: d.rule, feeds: { models: classesOf(r, d.index) },
    fields: {
      vendor: d.vendor, family: String(d.family), model: String(d.model), stepping: String(d.stepping),
      level: `0x${d.level.toString(16)}`, xlevel: `0x${d.xlevel.toString(16)}`, 'model-id': d.modelId, cache: d.cache ?? '',
      features: bitNames(r, [...d.features]).sort(),
    },
  }));
  const versions = entries(r.definitions, (d) => d.versions.map((v) => ({
    name: `${d.name}-v${v.version}`, rule: v.rule, feeds: { models: classesOf(r, d.index) },
    fields: { alias: v.alias ?? '', note: v.note ?? '', cache: v.cache ?? '', props: v.props.map((a) => `${a.key}=${String(a.value)}`) },
  })));
  return [defs, versions];
}

function tcg(r: X86Rules): Entries {
  const out: Entries = new Map();
  for (const f of r.features) {
    const rule = r.accel.supportRule[f.bits[0]!];
    if (rule) out.set(f.name, { name: f.name, rule, fields: { supported: 'yes' }, feeds: { props: [f.name] } });
  }
  const unnamed = new Map<string, { bits: number[]; rule: RuleRef }>();
  r.accel.supportRule.forEach((rule, bit) => {
    if (!rule || r.bitFeature[bit]! >= 0) return;
    const word = r.words[bit >> 6]!.name;
    const entry = unnamed.get(word) ?? { bits: [], rule };
    entry.bits.push(bit & 63);
    unnamed.set(word, entry);
  });
  for (const [word, e] of unnamed) out.set(`${word} (unnamed bits)`, { name: `${word} (unnamed bits)`, rule: e.rule, fields: { bits: e.bits.map(String) }, feeds: {} });
  return out;
}

function flags(r: X86Rules): Entries {
  return entries(r.features, (f) => {
    const rule = r.flagRule[f.bits[0]!];
    if (!rule) return undefined;
    const flagged = [...(r.noAutoenable.has(f.bits[0]!) ? ['no-autoenable'] : []), ...(r.migratable.has(f.bits[0]!) ? [] : ['unmigratable'])];
    return { name: f.name, rule, fields: { flags: flagged }, feeds: { props: [f.name], models: ['max', 'host'] } };
  });
}

function rulesAndLevels(r: X86Rules): Record<string, Entries> {
  return {
    dependencies: entries(r.dependencies, (d) => ({
      name: d.id, rule: d.rule, fields: { 'if none': d.ifNoneFeatures.map((f) => featureName(r, f)), clear: bitNames(r, d.clearBits) },
      feeds: { props: [...d.ifNoneFeatures.map((f) => featureName(r, f)), ...bitNames(r, d.clearBits)], realize: true },
    })),
    xsave: entries(r.xsave?.components ?? [], (c) => ({
      name: `component ${c.component}`, rule: c.rule,
      fields: { enabled_by: c.enablers.map((f) => featureName(r, f)) }, feeds: { props: c.enablers.map((f) => featureName(r, f)) },
    })),
    'cpuid-levels': entries(r.levels, (l) => ({
      name: l.id, rule: l.rule, feeds: { props: LEVEL_PROPS },
      fields: { words: l.words.map((w) => r.words[w]!.name), raise: l.raise.map((x) => `${r.properties[x.prop]!.name}=0x${x.value.toString(16)}`) },
    })),
  };
}

function rest(r: X86Rules): Record<string, Entries> {
  return {
    'feature-words': entries(r.words, (w) => ({ name: w.name, rule: w.rule, feeds: {}, fields: { source: JSON.stringify(w.source), index: String(w.index) } })),
    aliases: entries(r.aliases, (a) => ({ name: a.alias, rule: a.rule, fields: { target: a.targetName }, feeds: { props: [a.alias, a.targetName] } })),
    'tcg-defaults': entries(r.accel.modelDefaults, (a) => ({ name: a.key, rule: a.rule, fields: { value: String(a.value) }, feeds: { props: [a.key] } })),
    'special-models': entries(r.classes.filter((c) => c.special), (c) => ({
      name: c.name, rule: c.rule, feeds: { models: r.classes.filter((x) => x.special).map((x) => x.name) },
      fields: { init: c.special!.init.map((a) => `${a.key}=${String(a.value)}`), ordering: String(c.ordering) },
    })),
    machines: entries(r.machines, (m) => ({
      name: m.name, rule: m.rule, feeds: { machine: true },
      fields: { versions: m.versionMode, globals: m.globals.map((g) => `${g.driver}.${g.assign.key}=${String(g.assign.value)}`) },
    })),
    'cpu-properties': entries(r.properties, (p) => ({
      name: p.name, rule: p.rule, feeds: { props: [p.name] },
      fields: { type: p.type, default: String(p.initial), writable: String(p.writable), expanded: String(p.expanded), setter: p.setter ?? '' },
    })),
  };
}

export function x86Catalog({ solved: r }: DiffSideData<X86Ast, X86Rules>): Catalog {
  const [defs, versions] = definitions(r);
  const features = entries(r.features, (f) => ({
    name: f.name, rule: f.rule, feeds: { props: [f.name] },
    fields: { word: r.words[f.word]!.name, bits: f.bits.map((b) => String(b & 63)), description: f.desc },
  }));
  const all: Record<string, Entries> = {
    features, definitions: defs, versions, tcg: tcg(r), 'feature-flags': flags(r), ...rulesAndLevels(r), ...rest(r),
  };
  return new Map(CATEGORIES.map((c) => [c.name, all[c.name] ?? new Map()]));
}

/** The named features of a class's fresh instance (before props and expansion). */
function starting(core: Core, cls: ClassIR, trace?: Trace): Set<string> {
  const s = buildInstance(core, cls, trace);
  return new Set(core.rules.features.filter((f) => f.bits.every((b) => isSet(s.f, b))).map((f) => f.name));
}

/** The rule of the last step that gave a feature's bits this value. */
function lastRule(trace: Trace, r: X86Rules, feature: string, value: boolean): RuleRef | undefined {
  const f = r.features[r.featureIndex.get(feature)!]!;
  return trace.history(f.bits).filter((s) => s.value === value).at(-1)?.cause.rule;
}

/** Per class in both profiles: the features its starting state gained or lost, each with the rule that decides it. */
export function x86SetFacts(old: DiffSideData<X86Ast, X86Rules>, next: DiffSideData<X86Ast, X86Rules>): SetFact[] {
  const [a, b] = [old.solved, next.solved];
  const [ca, cb] = [new Core(a, a.machines[a.machineIndex.get(a.defaultMachine)!]!, 'legacy'), new Core(b, b.machines[b.machineIndex.get(b.defaultMachine)!]!, 'legacy')];
  const facts: SetFact[] = [];
  for (const cls of b.classes) {
    const before = a.classIndex.get(cls.name);
    if (before === undefined) continue;
    const [sa, sb] = [starting(ca, a.classes[before]!), starting(cb, cls)];
    const changed = [...[...sb].filter((f) => !sa.has(f)).map((f) => [f, true] as const), ...[...sa].filter((f) => !sb.has(f)).map((f) => [f, false] as const)];
    if (changed.length === 0) continue;
    const [ta, tb] = [new Trace(), new Trace()];
    starting(ca, a.classes[before]!, ta);
    starting(cb, cls, tb);
    for (const [feature, gained] of changed) {
      const now = b.featureIndex.has(feature) ? lastRule(tb, b, feature, gained) : undefined;
      const was = now ? undefined : lastRule(ta, a, feature, !gained);
      const rule = now ?? was ?? cls.rule;
      const side = now ? next.ast : old.ast;
      facts.push({ definition: cls.name, set: 'features', feature, gained, models: [cls.name], rule: cite(side, rule, now ? undefined : 'was') });
    }
  }
  return facts;
}

/** An alias and its target change together. */
export function x86RelatedProps({ solved: r }: DiffSideData<X86Ast, X86Rules>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of r.aliases) {
    out.set(a.alias, [...(out.get(a.alias) ?? []), a.targetName]);
    out.set(a.targetName, [...(out.get(a.targetName) ?? []), a.alias]);
  }
  return out;
}
