import { error, withRelated, type Diagnostic } from '../../../diag/diagnostic.js';
import { SET_KINDS, type FeatureDecl, type RuleSetAst } from '../parse/ast.js';
import { levelKey } from '../levels.js';
import { checkMachines } from './machines.js';
import { checkProfiles } from './profiles.js';
import { collectNamespaces, resolve, type Namespaces } from './names.js';
import { checkEnvironmentRules } from './conditions.js';
import { didYouMean } from '../../../util/fuzzy.js';
import { FEATURE_TYPES, UNNUMBERED_TYPES } from './vocabulary.js';
import { placeOfMissing } from '../../../parse/outline.js';

/** Codes that say something is missing or unknown: not reported while a file is unread (it may hold it). */
const ABOUT_WHAT_IS_MISSING = new Set(['check/no-profile', 'check/missing-model', 'check/unknown-feature', 'check/unknown-name',
  'check/unknown-definition', 'check/unknown-qemu-list', 'check/unknown-generation-level']);

/**
 * Semantic checks over the AST: every cross-reference resolves, names are
 * unique, levels are ordered. Collects every problem; never throws. It
 * also runs over the parts of a rule set that parsed when others did not.
 */
export function checkRules(ast: RuleSetAst): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const ns = collectNamespaces(ast, diags);
  if (ast.profiles.length === 0 && ast.outline.partial.length === 0) {
    diags.push(error('check/no-profile', 'the rule set declares no profile', placeOfMissing(ast.outline, 'profiles', ['arch'], /profiles\.ya?ml$/),
      'declare at least one profile, e.g. `profiles: [{name: qemu-10.0, qemu: "10.0"}]`'));
  }
  checkFeatures(ast, diags);
  checkGroups(ast, ns, diags);
  checkGenerations(ast, ns, diags);
  checkReferences(ast, ns, diags);
  checkMachines(ast, ns, diags);
  checkEnvironmentRules(ast, ns, diags);
  checkProfiles(ast, diags);
  return ast.outline.unread.length ? diags.filter((d) => !ABOUT_WHAT_IS_MISSING.has(d.code)) : diags;
}

/** Each feature has a known type and a bit of its own (a type and bit name one facility). */
function checkFeatures(ast: RuleSetAst, diags: Diagnostic[]): void {
  const types: readonly string[] = FEATURE_TYPES;
  const bits = new Map<string, FeatureDecl>();
  for (const f of ast.features) {
    if (!types.includes(f.type.value)) {
      diags.push(error('check/unknown-feature-type', `unknown feature type \`${f.type.value}\``, f.type.span,
        didYouMean(f.type.value, types) ?? `known types: ${types.join(', ')}`));
    }
    const key = `${f.type.value} ${f.bit.value}`, first = bits.get(key);
    if (!first) { bits.set(key, f); continue; }
    if (first.name.value === f.name.value || UNNUMBERED_TYPES.includes(f.type.value)) continue;
    diags.push(withRelated(error('check/duplicate-bit', `\`${f.name.value}\` and \`${first.name.value}\` both use bit ${f.bit.value} of \`${f.type.value}\``,
      f.bit.span, `give \`${f.name.value}\` its own bit (a type and a bit name one facility)`), first.bit.span, `\`${first.name.value}\` is declared here`));
  }
}

function checkGroups(ast: RuleSetAst, ns: Namespaces, diags: Diagnostic[]): void {
  const owner = new Map<string, string>();
  for (const g of ast.groups) {
    for (const m of g.members) {
      if (!resolve(diags, m, 'feature', ns.features)) continue;
      const other = owner.get(m.value);
      if (other !== undefined && other !== g.name.value) {
        diags.push(error('check/feature-in-two-groups', `feature \`${m.value}\` is in group \`${other}\` and in \`${g.name.value}\``, m.span));
      }
      owner.set(m.value, g.name.value);
    }
  }
}

function checkGenerations(ast: RuleSetAst, ns: Namespaces, diags: Diagnostic[]): void {
  let previous: [number, number] = [0, 0];
  for (const g of ast.generations) {
    const here: [number, number] = [g.gen.value, g.ga.value];
    if (here[0] < previous[0] || (here[0] === previous[0] && here[1] <= previous[1])) {
      diags.push(error('check/generation-order', `generation level \`${levelKey(...here)}\` comes after \`${levelKey(...previous)}\``,
        g.span, 'list generation levels in release order'));
    }
    previous = here;
    for (const kind of SET_KINDS) {
      for (const n of [...g.add[kind], ...g.remove[kind]]) resolve(diags, n, 'feature or group', ns.features, ns.groups);
    }
  }
}

function checkReferences(ast: RuleSetAst, ns: Namespaces, diags: Diagnostic[]): void {
  for (const d of ast.definitions) {
    const key = levelKey(d.gen.value, d.ga.value);
    if (!ns.levels.has(key)) {
      diags.push(error('check/unknown-generation-level', `CPU definition \`${d.name.value}\` is at \`${key}\`, which rules/generations does not declare`, d.gen.span));
    }
  }
  for (const dep of ast.dependencies) {
    resolve(diags, dep.feature, 'feature', ns.features);
    resolve(diags, dep.requires, 'feature', ns.features);
  }
  for (const d of ast.deprecations) d.features.forEach((n) => resolve(diags, n, 'feature', ns.features));
  for (const s of ast.searchIgnores) s.features.forEach((n) => resolve(diags, n, 'feature', ns.features));
  for (const l of ast.qemuLists) l.add.forEach((n) => resolve(diags, n, 'feature or group', ns.features, ns.groups));
  for (const m of ast.modelRefs) {
    resolve(diags, m.definition, 'CPU definition', ns.definitions);
    resolve(diags, m.features, 'qemu feature list', ns.qemuLists);
  }
  for (const [key, other] of [['tcg_max', 'latest_qemu_model'], ['latest_qemu_model', 'tcg_max']] as const) {
    if (ast.modelRefs.some((m) => m.key === key)) continue;
    diags.push(error('check/missing-model', `the rule set lacks \`${key}\``,
      placeOfMissing(ast.outline, key, [other, 'qemu_feature_lists', 'definitions'], /qemu-models\.ya?ml$/),
      `add \`${key}: {definition: NAME, features: LIST}\` (a CPU definition and a qemu feature list) beside \`${other}\``));
  }
}
