import { Bitset } from '../../../util/bitset.js';
import type { DefinitionDecl, SpecialModelDecl, X86Ast } from '../ast.js';
import type { Lower } from './context.js';
import type { ClassIR, DefinitionIR, PropertyIR, PropTarget, SpecialIR, VersionIR } from './ir.js';
import { lowerPropMap } from './props.js';
import type { FeatureSpace } from './words.js';

/** Named definitions are sorted in group 0 of query-cpu-definitions. */
const NAMED_ORDERING = 0;

export { TYPE_SUFFIX } from '../info.js';
import { TYPE_SUFFIX } from '../info.js';

function rawFeatures(lo: Lower, d: DefinitionDecl, s: FeatureSpace, lookup: ReadonlyMap<string, PropTarget>): Bitset {
  const set = new Bitset(s.width);
  for (const n of d.features) {
    const t = lo.find(lookup, n, 'feature');
    if (t?.kind === 'feature') for (const b of s.features[t.index]!.bits) set.add(b);
  }
  for (const entry of d.bits) {
    const w = lo.find(s.wordIndex, entry.word, 'feature word');
    if (w !== undefined) for (const b of lo.bits(entry.bits)) set.add(w * 64 + b);
  }
  return set;
}

function lowerVersions(lo: Lower, d: DefinitionDecl, lookup: ReadonlyMap<string, PropTarget>, props: readonly PropertyIR[]): VersionIR[] {
  const versions = lo.select(d.versions).map((v) => {
    const name = `${d.name.value}-v${v.version.value}`;
    const ir: VersionIR = { version: v.version.value, props: lowerPropMap(lo, lookup, props, v.props, `version:${name}`), rule: lo.ref(`version:${name}`, v.span) };
    if (v.alias) ir.alias = v.alias.value;
    if (v.note) ir.note = v.note;
    if (v.cache) ir.cache = v.cache.value;
    return ir;
  });
  return versions.length ? versions : [{ version: 1, props: [], rule: lo.ref(`version:${d.name.value}-v1`, d.span) }];
}

/** definition(d) :- definitions entry d of this profile, in table order. */
export function lowerDefinitions(lo: Lower, ast: X86Ast, s: FeatureSpace, lookup: ReadonlyMap<string, PropTarget>, props: readonly PropertyIR[]): DefinitionIR[] {
  return lo.select(ast.definitions).map((d, index) => {
    const ir: DefinitionIR = {
      index, name: d.name.value, vendor: d.vendor.value, family: d.family.value, model: d.model.value, stepping: d.stepping.value,
      level: d.level.value, xlevel: d.xlevel.value, modelId: d.modelId.value, deprecated: d.deprecationNote !== undefined,
      features: rawFeatures(lo, d, s, lookup), versions: lowerVersions(lo, d, lookup, props), rule: lo.ref(`definition:${d.name.value}`, d.span),
    };
    if (d.cache) ir.cache = d.cache.value;
    if (d.avx10Version) ir.avx10Version = d.avx10Version.value;
    return ir;
  });
}

/** A special model's init settings; `like: m` starts from m's (host is a kind of max). */
export function lowerSpecials(lo: Lower, ast: X86Ast, lookup: ReadonlyMap<string, PropTarget>, props: readonly PropertyIR[]): SpecialIR[] {
  const decls = lo.select(ast.specials);
  const byName = new Map(decls.map((d) => [d.name.value, d]));
  const own = (d: SpecialModelDecl) => lo.select(d.init).flatMap((i) => lowerPropMap(lo, lookup, props, i.props, `special:${d.name.value}:init`));
  return decls.map((d) => {
    const like = d.like ? lo.find(byName, d.like, 'special model') : undefined;
    const ir: SpecialIR = {
      name: d.name.value, static: d.static, migrationSafe: d.migrationSafe, ordering: d.ordering.value,
      autoenable: d.autoenable || (like?.autoenable ?? false), init: [...(like ? own(like) : []), ...own(d)], rule: lo.ref(`special:${d.name.value}`, d.span),
    };
    if (d.needsAccelerator) ir.needsAccelerator = d.needsAccelerator.value;
    return ir;
  });
}

/**
 * class(N) :- definition N (version auto, an alias).
 * class(N-vK) :- version K of N.   class(A) :- version K of N with alias A.
 * class(S) :- special model S.
 */
export function lowerClasses(lo: Lower, defs: readonly DefinitionIR[], specials: readonly SpecialIR[]): ClassIR[] {
  const out: ClassIR[] = [];
  const add = (c: Omit<ClassIR, 'typename'>) => out.push({ ...c, typename: `${c.name}${TYPE_SUFFIX}` });
  for (const d of defs) {
    add({ name: d.name, definition: d.index, version: 'auto', isAlias: true, ordering: NAMED_ORDERING, rule: d.rule });
    for (const v of d.versions) {
      add({ name: `${d.name}-v${v.version}`, definition: d.index, version: v.version, isAlias: false, ordering: NAMED_ORDERING, rule: v.rule });
      if (v.alias) add({ name: v.alias, definition: d.index, version: v.version, isAlias: true, ordering: NAMED_ORDERING, rule: v.rule });
    }
  }
  for (const sp of specials) add({ name: sp.name, special: sp, isAlias: false, ordering: sp.ordering, rule: sp.rule });
  return out;
}
