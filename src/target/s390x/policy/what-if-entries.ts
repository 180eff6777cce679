/**
 * What-if edits of whole s390x rule entries: features, groups, environment
 * rules and machine types can be added (`+={…}`), removed (`-=NAME`) and
 * have their fields set or their lists edited, as the rule files say them.
 */
import type { Span } from '../../../diag/diagnostic.js';
import { didYouMean } from '../../../util/fuzzy.js';
import type { EditOp as Op } from '../../policy.js';
import { editNames } from '../../../whatif/names.js';

export { editNames };
import type { EnvRuleDecl, FeatureDecl, GroupDecl, MachineDecl, Name, RuleSetAst } from '../parse/ast.js';

type Problem = string | undefined;
type Fields = Record<string, unknown>;

const named = (value: string, span: Span): Name => ({ value, span });
const names = (v: unknown, span: Span): Name[] | null => (Array.isArray(v) ? v.map((x) => named(String(x), span)) : null);
const version = (op: Op, v: unknown) => String(v).replace(/^["']|["']$/g, '');
const isMap = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const hint = (word: string, known: Iterable<string>) => {
  const near = didYouMean(word, known);
  return near ? `; ${near}` : '';
};

/** An entry kind: how it is named, built from `{…}`, and which fields and lists `KIND.NAME.FIELD` edits. */
interface Kind<T> {
  what: string;
  list(ast: RuleSetAst): T[];
  name(t: T): string;
  build(v: Fields, span: Span): T | string;
  lists: Record<string, (t: T) => Name[]>;
  /** Where a new entry goes (default: last). */
  place?(all: T[], t: T): void;
  fields: Record<string, (t: T, op: Op) => Problem>;
}

/** `KIND+={…}`, `KIND-=NAME`, `KIND.NAME.LIST+=X`, `KIND.NAME.FIELD=V` (names may contain dots: the field is the last part). */
function editEntries<T>(ast: RuleSetAst, kind: Kind<T>, rest: string, op: Op): Problem {
  const all = kind.list(ast);
  if (rest === '') {
    if (op.op === 'set') return `write \`+={…}\` to add a ${kind.what}, \`-=NAME\` to remove one`;
    if (op.op === 'remove') {
      const i = all.findIndex((t) => kind.name(t) === String(op.value));
      if (i < 0) return `no ${kind.what} \`${String(op.value)}\`${hint(String(op.value), all.map(kind.name))}`;
      all.splice(i, 1);
      return undefined;
    }
    if (!isMap(op.value)) return `a new ${kind.what} is a map \`{…}\``;
    const built = kind.build(op.value, op.span);
    if (typeof built === 'string') return built;
    if (all.some((t) => kind.name(t) === kind.name(built))) return `${kind.what} \`${kind.name(built)}\` exists already`;
    if (kind.place) kind.place(all, built);
    else all.push(built);
    return undefined;
  }
  const dot = rest.lastIndexOf('.');
  const [name, field] = [rest.slice(0, dot), rest.slice(dot + 1)];
  const t = all.find((x) => kind.name(x) === name);
  if (!t) return `no ${kind.what} \`${name || rest}\`${hint(name || rest, all.map(kind.name))}`;
  const list = Object.hasOwn(kind.lists, field) ? kind.lists[field] : undefined;
  if (list) return editNames(list(t), op, op.path);
  const set = Object.hasOwn(kind.fields, field) ? kind.fields[field] : undefined;
  if (!set) return `unknown ${kind.what} field \`${field}\` (${[...Object.keys(kind.lists), ...Object.keys(kind.fields)].join(', ')})`;
  if (op.op !== 'set') return `\`${op.path}\` is a field: use =`;
  return set(t, op);
}

function versioned<T extends { since?: Name; until?: Name }>(): Record<string, (t: T, op: Op) => Problem> {
  return { since: (t, op) => void (t.since = named(version(op, op.raw), op.span)), until: (t, op) => void (t.until = named(version(op, op.raw), op.span)) };
}

function since(v: Fields, span: Span): { since?: Name } {
  return v.since === undefined ? {} : { since: named(String(v.since), span) };
}

const FEATURE: Kind<FeatureDecl> = {
  what: 'feature', list: (ast) => ast.features, name: (f) => f.name.value, lists: {},
  build(v, span) {
    if (typeof v.name !== 'string' || typeof v.type !== 'string' || !Number.isInteger(v.bit)) return 'a new feature needs at least {name, type, bit}';
    return { name: named(v.name, span), type: named(v.type, span), bit: { value: v.bit as number, span }, desc: typeof v.desc === 'string' ? v.desc : v.name, ...since(v, span), span };
  },
  fields: {
    type: (f, op) => void (f.type = named(String(op.value), op.span)),
    bit: (f, op) => (Number.isInteger(op.value) ? void (f.bit = { value: op.value as number, span: op.span }) : `\`${op.path}\` needs a whole number`),
    desc: (f, op) => void (f.desc = String(op.value)),
    ...versioned<FeatureDecl>(),
  },
};

const GROUP: Kind<GroupDecl> = {
  what: 'group', list: (ast) => ast.groups, name: (g) => g.name.value, lists: { members: (g) => g.members },
  build(v, span) {
    const members = names(v.members, span);
    if (typeof v.name !== 'string' || !members) return 'a new group needs {name, members: […]}';
    return { name: named(v.name, span), desc: typeof v.desc === 'string' ? v.desc : v.name, members, ...since(v, span), span };
  },
  fields: { desc: (g, op) => void (g.desc = String(op.value)), ...versioned<GroupDecl>() },
};

const ENV_RULE: Kind<EnvRuleDecl> = {
  what: 'environment rule', list: (ast) => ast.envRules, name: (r) => r.id.value,
  lists: { available: (r) => r.available, unavailable: (r) => r.unavailable, requires: (r) => r.requires },
  build(v, span) {
    const [available, unavailable, requires] = [names(v.available ?? [], span), names(v.unavailable ?? [], span), names(v.requires ?? [], span)];
    if (typeof v.id !== 'string' || !isMap(v.when) || !available || !unavailable || !requires) {
      return 'a new environment rule needs {id, when: {…}, available: […] and/or unavailable: […]} (and may have below_accelerator, requires)';
    }
    return { id: named(v.id, span), reason: typeof v.reason === 'string' ? v.reason : v.id, when: { tree: v.when, span, leaves: [] }, available, unavailable,
      belowAccelerator: v.below_accelerator === true, requires, ...since(v, span), span };
  },
  fields: {
    when: (r, op) => (isMap(op.value) ? void (r.when = { tree: op.value, span: op.span, leaves: [] }) : '`when` is a condition map {all|any|not: …}'),
    reason: (r, op) => void (r.reason = String(op.value)),
    below_accelerator: (r, op) => (typeof op.value === 'boolean' ? void (r.belowAccelerator = op.value) : '`below_accelerator` is true or false'),
    ...versioned<EnvRuleDecl>(),
  },
};

const MACHINE: Kind<MachineDecl> = {
  what: 'machine type', list: (ast) => ast.machines, name: (m) => m.name.value, lists: {},
  // Newest first: a new machine type is the newest.
  place: (all, m) => void all.unshift(m),
  build(v, span) {
    if (typeof v.name !== 'string') return 'a new machine type needs {name, since}';
    return { name: named(v.name, span), featoffs: [], kvmCpuModels: v.kvm_cpu_models !== false, ...since(v, span), span };
  },
  fields: {
    kvm_cpu_models: (m, op) => (typeof op.value === 'boolean' ? void (m.kvmCpuModels = op.value) : '`kvm_cpu_models` is true or false'),
    deprecated_since: (m, op) => void (m.deprecatedSince = named(version(op, op.raw), op.span)),
    ...versioned<MachineDecl>(),
  },
};

/** `machines.NAME.featoff+={gen, ga, features: […]}` / `featoff-=GENx_GAy`. */
function featoff(ast: RuleSetAst, rest: string, op: Op): Problem {
  const name = rest.slice(0, -'.featoff'.length);
  const m = ast.machines.find((x) => x.name.value === name);
  if (!m) return `no machine type \`${name}\`${hint(name, ast.machines.map((x) => x.name.value))}`;
  if (op.op === 'remove') {
    const i = m.featoffs.findIndex((f) => `GEN${f.gen.value}_GA${f.ga.value}` === String(op.value));
    if (i < 0) return `\`${name}\` switches nothing off at \`${String(op.value)}\` (write GENx_GAy)`;
    m.featoffs.splice(i, 1);
    return undefined;
  }
  const v = op.value;
  const features = isMap(v) ? names(v.features, op.span) : null;
  if (op.op !== 'add' || !isMap(v) || !Number.isInteger(v.gen) || !Number.isInteger(v.ga) || !features) return 'write `machines.NAME.featoff+={gen: G, ga: A, features: […]}`';
  m.featoffs.push({ gen: { value: v.gen as number, span: op.span }, ga: { value: v.ga as number, span: op.span }, features, span: op.span });
  return undefined;
}

export const ENTRY_KINDS: Record<string, (ast: RuleSetAst, rest: string, op: Op) => Problem> = {
  features: (ast, rest, op) => editEntries(ast, FEATURE, rest, op),
  groups: (ast, rest, op) => (rest !== '' && !rest.includes('.') ? groupMembers(ast, rest, op) : editEntries(ast, GROUP, rest, op)),
  environment_rules: (ast, rest, op) => editEntries(ast, ENV_RULE, rest, op),
  machines: (ast, rest, op) => (rest.endsWith('.featoff') ? featoff(ast, rest, op) : editEntries(ast, MACHINE, rest, op)),
};

/** `groups.NAME+=X`: the members (also `groups.NAME.members+=X`). */
function groupMembers(ast: RuleSetAst, name: string, op: Op): Problem {
  const g = ast.groups.find((x) => x.name.value === name);
  return g ? editNames(g.members, op, op.path) : `no group \`${name}\`${hint(name, ast.groups.map((x) => x.name.value))}`;
}
