import type { SetFact } from '../target/policy.js';
import type { EntryCause } from './structure.js';
import type { Cause } from './types.js';

/** `a, b, c` or `a, b, … (N)` when long. */
export function nameList(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max - 1).join(', ')}, … (${names.length})`;
}

/**
 * Where a definition's full set matters: a baseline that picks the definition
 * keeps only features of its full set. Set facts about full sets name this
 * pseudo-model.
 */
export const fullSetOf = (model: string) => `${model.replace(/-base$/, '')} (full set)`;

/**
 * The causes of one diff, with ids, and the indexes attribution uses: causes
 * by property name (rule entries), by (model, property) (set changes), by
 * model (definitions, special models), and the deprecation and
 * definition-search causes. `members` relates properties that change
 * together (a group and its members, an alias and its target).
 */
export class CauseRegistry {
  readonly causes: Cause[] = [];
  private readonly byName = new Map<string, string[]>();
  private readonly byModelFeature = new Map<string, string[]>();
  private readonly byModel = new Map<string, string[]>();
  readonly deprecation: string[] = [];
  readonly search: string[] = [];
  readonly machine: string[] = [];
  readonly environment: string[] = [];
  readonly realize: string[] = [];
  private readonly groupsOf = new Map<string, string[]>();

  constructor(private readonly members: ReadonlyMap<string, readonly string[]>) {
    for (const [g, ms] of members) for (const m of ms) this.groupsOf.set(m, [...(this.groupsOf.get(m) ?? []), g]);
  }

  private add(cause: Omit<Cause, 'id' | 'answers'>): string {
    const id = `c${this.causes.length + 1}`;
    this.causes.push({ ...cause, id, answers: 0 });
    return id;
  }

  private index(map: Map<string, string[]>, key: string, id: string): void {
    const list = map.get(key) ?? [];
    if (!list.includes(id)) list.push(id);
    map.set(key, list);
  }

  /** A rule entry's cause, indexed by what it can change in the model space (its `feeds`). */
  addEntry(e: EntryCause): string {
    const id = this.add(e.cause);
    for (const p of e.feeds.props ?? []) this.index(this.byName, p, id);
    for (const m of e.feeds.models ?? []) this.index(this.byModel, m, id);
    if (e.feeds.search) this.search.push(id);
    if (e.feeds.deprecation) this.deprecation.push(id);
    if (e.feeds.machine) this.machine.push(id);
    if (e.feeds.environment) this.environment.push(id);
    if (e.feeds.realize) this.realize.push(id);
    return id;
  }

  /** Set facts grouped: one cause per (set, direction, rule id, definitions). */
  addSetFacts(facts: readonly SetFact[]): Map<SetFact, string> {
    const change = (f: SetFact) => `${f.set}|${f.gained}|${f.rule.id}`;
    const defsOf = new Map<string, string[]>();
    for (const f of facts) defsOf.set(`${change(f)}|${f.feature}`, [...(defsOf.get(`${change(f)}|${f.feature}`) ?? []), f.definition]);
    const groups = new Map<string, SetFact[]>();
    for (const f of facts) {
      const k = `${change(f)}|${defsOf.get(`${change(f)}|${f.feature}`)!.join(',')}`;
      groups.set(k, [...(groups.get(k) ?? []), f]);
    }
    const ids = new Map<SetFact, string>();
    for (const group of groups.values()) {
      const id = this.addSetGroup(group);
      for (const f of group) ids.set(f, id);
    }
    return ids;
  }

  private addSetGroup(group: readonly SetFact[]): string {
    const [first] = group;
    const features = [...new Set(group.map((f) => f.feature))];
    const defs = [...new Set(group.map((f) => f.definition))];
    const rules = [...new Map(group.map((f) => [f.rule.at, f.rule])).values()];
    const id = this.add({ kind: 'set-change', category: 'sets', set: first!.set, rules,
      summary: `${first!.set} ${first!.gained ? 'gains' : 'loses'} ${nameList(features)} in ${nameList(defs)}` });
    for (const f of group) for (const m of f.models) this.index(this.byModelFeature, `${m}\0${f.feature}`, id);
    if (group.some((f) => f.search)) this.search.push(id);
    return id;
  }

  /** The one cause for differences nothing else explains. */
  unexplained(): string {
    const found = this.causes.find((c) => c.kind === 'unexplained');
    return found?.id ?? this.add({ kind: 'unexplained', category: 'answers', summary: 'no rule difference explains this change', rules: [] });
  }

  /** Causes that can change property KEY (a feature or group) of the given models. */
  prop(key: string, models: readonly string[]): string[] {
    const keys = [key, ...(this.members.get(key) ?? [])];
    const out = [...keys, ...(this.groupsOf.get(key) ?? [])].flatMap((k) => this.byName.get(k) ?? []);
    for (const m of models) for (const k of keys) out.push(...(this.byModelFeature.get(`${m}\0${k}`) ?? []));
    for (const m of models) out.push(...(this.byModel.get(m) ?? []));
    return [...new Set(out)];
  }

  /** Causes that can change property KEY of any model (what a host model or a verdict in an environment is made of). */
  propAnywhere(key: string): string[] {
    const keys = new Set([key, ...(this.members.get(key) ?? []), ...(this.groupsOf.get(key) ?? [])]);
    const out = [...keys].flatMap((k) => this.byName.get(k) ?? []);
    for (const [k, ids] of this.byModelFeature) if (keys.has(k.slice(k.indexOf('\0') + 1))) out.push(...ids);
    return [...new Set(out)];
  }

  /** Causes about the properties a text names (the features a VM start's warning or error lists). */
  mentioned(text: string): string[] {
    const words = new Set(text.split(/[^A-Za-z0-9_.-]+/).filter(Boolean));
    const out = [...words].flatMap((w) => [w, ...(this.groupsOf.get(w) ?? [])]).flatMap((k) => this.byName.get(k) ?? []);
    return [...new Set(out)];
  }

  /** Every cause that touches the given models. */
  models(models: readonly string[]): string[] {
    const out: string[] = [];
    for (const [k, ids] of this.byModelFeature) if (models.includes(k.split('\0')[0]!)) out.push(...ids);
    for (const m of models) out.push(...(this.byModel.get(m) ?? []));
    return [...new Set(out)];
  }
}
