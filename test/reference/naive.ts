import { KINDS, type Kind, type PlainRules } from './spec.js';

/**
 * The reference solver: the same semantics as the real pipeline, written as
 * directly as possible over sets of strings, with no compilation, no bit
 * indices and no shared code. Slow and obvious on purpose.
 */
type Sets = Record<Kind, Set<string>>;
export interface NaiveModel { def: PlainRules['definitions'][number]; features: Set<string> }
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export class NaiveSolver {
  readonly sets = new Map<string, Sets>();

  constructor(readonly r: PlainRules) {
    const running: Sets = { base: new Set(), default: new Set(), full: new Set() };
    for (const level of r.levels) {
      for (const k of KINDS) for (const n of level.remove[k]) for (const f of this.members(n)) running[k].delete(f);
      const add = (k: Kind, names: string[]) => names.forEach((n) => this.members(n).forEach((f) => running[k].add(f)));
      add('base', level.add.base);
      add('default', [...level.add.base, ...level.add.default]);
      add('full', [...level.add.base, ...level.add.full]);
      this.sets.set(`${level.gen}.${level.ga}`, { base: new Set(running.base), default: new Set(running.default), full: new Set(running.full) });
    }
  }

  members(name: string): string[] {
    return this.r.groups.find((g) => g.name === name)?.members ?? [name];
  }

  setsOf(def: { gen: number; ga: number }): Sets {
    return this.sets.get(`${def.gen}.${def.ga}`)!;
  }

  private listUpTo(name: string): Set<string> {
    const out = new Set<string>();
    for (const l of this.r.qemuLists) {
      l.add.forEach((n) => this.members(n).forEach((f) => out.add(f)));
      if (l.name === name) break;
    }
    return out;
  }

  maxModel(): NaiveModel {
    return { def: this.r.definitions.find((d) => d.name === this.r.tcgMax.definition)!, features: this.listUpTo(this.r.tcgMax.list) };
  }

  initial(name: string): NaiveModel | null {
    if (name === 'qemu' || name === 'max') return this.maxModel();
    const base = name.endsWith('-base');
    const def = this.r.definitions.find((d) => d.name === (base ? name.slice(0, -5) : name));
    return def ? { def, features: new Set(this.setsOf(def)[base ? 'base' : 'default']) } : null;
  }

  build(name: string, props: [string, boolean][]): Outcome<NaiveModel> {
    const m = this.initial(name);
    if (!m) return { ok: false, error: `unknown model ${name}` };
    const full = this.setsOf(m.def).full;
    for (const [key, on] of props) {
      const isGroup = this.r.groups.some((g) => g.name === key);
      if (!isGroup && !this.r.features.includes(key)) return { ok: false, error: `unknown property ${key}` };
      const members = this.members(key);
      if (on && !members.some((f) => full.has(f))) return { ok: false, error: `${key} too new for ${m.def.name}` };
      members.forEach((f) => (on ? m.features.add(f) : m.features.delete(f)));
    }
    return { ok: true, value: m };
  }

  /** Group names for fully present groups (group order), then features (declaration order). */
  compress(set: Set<string>): string[] {
    const rest = new Set(set);
    const out: string[] = [];
    for (const g of this.r.groups) {
      if (g.members.length && g.members.every((f) => set.has(f))) {
        out.push(g.name);
        g.members.forEach((f) => rest.delete(f));
      }
    }
    return [...out, ...this.r.features.filter((f) => rest.has(f))];
  }

  staticProps(m: NaiveModel): Record<string, boolean> {
    const base = this.setsOf(m.def).base;
    const props: Record<string, boolean> = {};
    this.compress(new Set([...base].filter((f) => !m.features.has(f)))).forEach((n) => (props[n] = false));
    this.compress(new Set([...m.features].filter((f) => !base.has(f)))).forEach((n) => (props[n] = true));
    return props;
  }

  fullProps(m: NaiveModel): Record<string, boolean> {
    const props: Record<string, boolean> = {};
    this.compress(m.features).forEach((n) => (props[n] = true));
    this.compress(new Set(this.r.features.filter((f) => !m.features.has(f)))).forEach((n) => (props[n] = false));
    return props;
  }

  private genVerdict(a: NaiveModel['def'], b: NaiveModel['def']): string {
    if (a.gen !== b.gen) return a.gen < b.gen ? 'subset' : 'superset';
    if (a.ga !== b.ga) return a.ga < b.ga ? 'subset' : 'superset';
    return 'identical';
  }

  compare(a: NaiveModel, b: NaiveModel): { result: string; props: string[] } {
    const gen = this.genVerdict(a.def, b.def);
    const missing = new Set([...a.features].filter((f) => !b.features.has(f)));
    const added = new Set([...b.features].filter((f) => !a.features.has(f)));
    const feat = !missing.size && !added.size ? 'identical' : !missing.size ? 'subset' : !added.size ? 'superset' : 'incompatible';
    const result = gen === feat ? gen : gen === 'identical' ? feat : feat === 'identical' ? gen : 'incompatible';
    const seq = [...(gen === 'identical' ? [] : ['type']), ...this.compress(missing), ...this.compress(added)];
    return { result, props: seq.reverse() };
  }

  baseline(a: NaiveModel, b: NaiveModel): NaiveModel | null {
    const common = new Set([...a.features].filter((f) => b.features.has(f)));
    const key = a.def.gen === b.def.gen
      ? { cpuType: a.def.cpuType === b.def.cpuType ? a.def.cpuType : 0, gen: a.def.gen, ga: Math.min(a.def.ga, b.def.ga) }
      : (a.def.gen < b.def.gen ? a.def : b.def);
    let last = null, same = null;
    for (const d of this.r.definitions) {
      if (d.gen > key.gen || (d.gen === key.gen && d.ga > key.ga)) break;
      if ([...this.setsOf(d).base].some((f) => !common.has(f) && !this.r.ignored.includes(f))) break;
      if (d.cpuType === key.cpuType && d.ga === key.ga) { last = same = d; break; }
      if (d.cpuType === key.cpuType) same = d;
      last = d;
    }
    const def = same ?? last;
    if (!def) return null;
    const full = this.setsOf(def).full;
    return { def, features: new Set([...common].filter((f) => full.has(f))) };
  }

  unavailable(m: NaiveModel): string[] {
    const max = this.maxModel();
    const seq = [...(this.genVerdict(m.def, max.def) === 'superset' ? ['type'] : []),
      ...this.compress(new Set([...m.features].filter((f) => !max.features.has(f))))];
    return seq.reverse();
  }
}
