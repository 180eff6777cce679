import { error, type Diagnostic } from '../../../diag/diagnostic.js';
import type { ModelRefDecl, Name, ProfileDecl, RuleSetAst, Versioned } from '../parse/ast.js';
import { levelKey, SET_KINDS, type SetKind } from '../levels.js';
import { Bitset } from '../../../util/bitset.js';
import { atLeast } from '../../../util/version.js';
import type { CompiledRules, DefinitionIR, Edit, EnvRuleIR, FeatureIR, GroupIR, LevelIR, ModelRefIR, NamedSetIR, RuleRef } from './ir.js';
import { compileFeatures, compileGroups } from './features.js';
import { compileMachines } from './machines.js';
import { placeOfMissing } from '../../../parse/outline.js';

export interface CompileResult {
  rules: CompiledRules | null;
  diagnostics: Diagnostic[];
}

/** Lower a checked AST to the IR of one profile (default: the last one). */
export function compileProfile(ast: RuleSetAst, profileName?: string): CompileResult {
  const profile = profileName === undefined ? ast.profiles.at(-1) : ast.profiles.find((p) => p.name.value === profileName);
  if (!profile) {
    const known = ast.profiles.map((p) => p.name.value).join(', ');
    return { rules: null, diagnostics: [error('compile/unknown-profile', `unknown profile \`${profileName}\``, placeOfMissing(ast.outline, 'profiles', ['arch'], /profiles\.ya?ml$/), `known profiles: ${known}`)] };
  }
  return new Compiler(ast, profile).run();
}

class Compiler {
  private readonly diags: Diagnostic[] = [];
  private readonly version: string;
  private features: FeatureIR[] = [];
  private featureIndex = new Map<string, number>();
  private groups: GroupIR[] = [];
  private groupIndex = new Map<string, number>();

  constructor(private readonly ast: RuleSetAst, private readonly profile: ProfileDecl) {
    this.version = profile.qemu.value;
  }

  present = (rule: Versioned): boolean =>
    atLeast(this.version, rule.since?.value) && (rule.until === undefined || !atLeast(this.version, rule.until.value));

  run(): CompileResult {
    ({ features: this.features, index: this.featureIndex } = compileFeatures(this.ast.features.filter(this.present), this.version));
    ({ groups: this.groups, index: this.groupIndex } = compileGroups(this.ast.groups.filter(this.present), this.features, this.featureIndex));
    const levels = this.levels();
    const definitions = this.definitions(levels);
    const definitionIndex = new Map(definitions.map((d) => [d.name, d.index]));
    const qemuLists = this.qemuLists();
    const rules: CompiledRules = {
      profile: { name: this.profile.name.value, qemu: this.version, package: this.profile.package },
      size: this.features.length,
      features: this.features, featureIndex: this.featureIndex,
      groups: this.groups, groupIndex: this.groupIndex,
      levels, definitions, definitionIndex,
      dependencies: this.dependencies(),
      deprecated: this.deprecated(),
      searchIgnored: this.searchIgnored(),
      searchIgnoredMask: this.union(this.searchIgnored()),
      qemuLists,
      tcgMax: this.modelRef('tcg_max', definitionIndex, qemuLists),
      latestQemu: this.modelRef('latest_qemu_model', definitionIndex, qemuLists),
      ...this.machines(definitionIndex, qemuLists),
      envRules: this.envRules(),
    };
    return { rules: this.diags.length ? null : rules, diagnostics: this.diags };
  }

  /** A feature or group name as a mask; names absent from this profile give nothing. */
  private edit(name: Name, id: string): Edit | null {
    const f = this.featureIndex.get(name.value);
    if (f !== undefined) return { item: name.value, mask: Bitset.of(this.features.length, [f]), rule: { id, span: name.span } };
    const g = this.groupIndex.get(name.value);
    if (g !== undefined) return { item: name.value, mask: this.groups[g]!.mask, rule: { id, span: name.span } };
    return null;
  }

  private edits(names: readonly Name[], id: string): Edit[] {
    return names.map((n) => this.edit(n, id)).filter((e): e is Edit => e !== null);
  }

  private union(edits: readonly Edit[]): Bitset {
    const out = new Bitset(this.features.length);
    for (const e of edits) out.orIn(e.mask);
    return out;
  }

  private levels(): LevelIR[] {
    return this.ast.generations.filter(this.present).map((g, index) => {
      const key = levelKey(g.gen.value, g.ga.value);
      const lists = (kind: SetKind, which: 'add' | 'remove') =>
        this.edits(g[which][kind], which === 'add' ? `${key}/${kind}` : `${key}/remove-${kind}`)
          .map((e) => ({ ...e, level: index, list: kind }));
      const add = Object.fromEntries(SET_KINDS.map((k) => [k, lists(k, 'add')])) as Record<SetKind, Edit[]>;
      const remove = Object.fromEntries(SET_KINDS.map((k) => [k, lists(k, 'remove')])) as Record<SetKind, Edit[]>;
      return { index, gen: g.gen.value, ga: g.ga.value, key, add, remove, removeReason: g.removeReason, rule: { id: key, span: g.span } };
    });
  }

  private definitions(levels: readonly LevelIR[]): DefinitionIR[] {
    const defs: DefinitionIR[] = [];
    for (const d of this.ast.definitions.filter(this.present)) {
      const level = levels.findIndex((l) => l.gen === d.gen.value && l.ga === d.ga.value);
      if (level < 0) {
        this.diags.push(error('compile/level-not-in-profile', `CPU definition \`${d.name.value}\` needs generation level \`${levelKey(d.gen.value, d.ga.value)}\`, which profile \`${this.profile.name.value}\` lacks`, d.span));
        continue;
      }
      defs.push({ index: defs.length, name: d.name.value, cpuType: d.cpuType, gen: d.gen.value, ga: d.ga.value, level,
        mhaPow: d.mhaPow, hmfai: d.hmfai, desc: d.desc, legacy: d.legacy, rule: { id: `definition/${d.name.value}`, span: d.span } });
    }
    return defs;
  }

  private dependencies() {
    return this.ast.dependencies.filter(this.present).flatMap((d) => {
      const feature = this.featureIndex.get(d.feature.value), requires = this.featureIndex.get(d.requires.value);
      if (feature === undefined || requires === undefined) return [];
      const id = d.id?.value ?? `requires/${d.feature.value}/${d.requires.value}`;
      return [{ feature, requires, rule: { id, span: d.span } }];
    });
  }

  private deprecated(): CompiledRules['deprecated'] {
    const decls = this.ast.deprecations.filter(this.present);
    if (decls.length === 0) return null;
    const until = decls[0]!.emptyListUntil?.value;
    return { mask: this.union(decls.flatMap((d) => this.edits(d.features, 'deprecated'))),
      printEmpty: until !== undefined && !atLeast(this.version, until), rule: { id: 'deprecated', span: decls[0]!.span } };
  }

  private searchIgnored(): Edit[] {
    return this.ast.searchIgnores.filter(this.present).flatMap((s, i) => this.edits(s.features, `definition-search/ignore-${i + 1}`));
  }

  private envRules(): EnvRuleIR[] {
    return this.ast.envRules.filter(this.present).map((r) => {
      const id = `environment/${r.id.value}`;
      return { id: r.id.value, reason: r.reason, assumption: r.assumption, condition: r.when.tree,
        available: this.union(this.edits(r.available, id)), unavailable: this.union(this.edits(r.unavailable, id)),
        belowAccelerator: r.belowAccelerator, requires: this.union(this.edits(r.requires, id)), rule: { id, span: r.span } };
    });
  }

  private qemuLists(): NamedSetIR[] {
    const lists: NamedSetIR[] = [];
    let acc = new Bitset(this.features.length);
    for (const l of this.ast.qemuLists.filter(this.present)) {
      acc = acc.or(this.union(this.edits(l.add, `qemu-list/${l.name.value}`)));
      lists.push({ name: l.name.value, mask: acc, rule: { id: `qemu-list/${l.name.value}`, span: l.span } });
    }
    return lists;
  }

  private machines(defs: ReadonlyMap<string, number>, lists: readonly NamedSetIR[]) {
    const lower = { edits: this.edits.bind(this), modelRef: (ref: ModelRefDecl, id: string) => this.resolveRef(ref, id, defs, lists), size: this.features.length, version: this.version };
    const names = this.ast.machineNames;
    return { machines: compileMachines(this.ast.machines.filter(this.present), lower),
      emptyMachine: names.empty?.value ?? null, machineAlias: names.alias?.value ?? null };
  }

  private modelRef(key: string, defs: ReadonlyMap<string, number>, lists: readonly NamedSetIR[]): ModelRefIR {
    return this.resolveRef(this.ast.modelRefs.find((m) => m.key === key)!, key, defs, lists);
  }

  private resolveRef(ref: ModelRefDecl, id: string, defs: ReadonlyMap<string, number>, lists: readonly NamedSetIR[]): ModelRefIR {
    const definition = defs.get(ref.definition.value);
    const list = lists.find((l) => l.name === ref.features.value);
    if (definition === undefined || !list) {
      this.diags.push(error('compile/model-not-in-profile', `\`${ref.key}\` names a definition or list that profile \`${this.profile.name.value}\` lacks`, ref.span));
    }
    const rule: RuleRef = { id, span: ref.span };
    return { definition: definition ?? 0, list: ref.features.value, features: list?.mask ?? new Bitset(this.features.length), rule };
  }
}
