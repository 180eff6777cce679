import { error, type Diagnostic } from '../../../diag/diagnostic.js';
import { placeOfMissing } from '../../../parse/outline.js';
import type { X86Ast } from '../ast.js';
import { BitChecker, checkBitLists } from './bits.js';
import { Ctx } from './context.js';
import { checkMachines } from './machines.js';
import { checkDefinitions, checkSpecials } from './models.js';
import { collectNames } from './namespaces.js';
import { checkDefaults, PropsChecker } from './props.js';
import { checkAccelerators, checkDependencies, checkFeatureRefs, checkKeyOrders, checkLevels, checkXsave } from './references.js';

export const ARCH = 'x86_64';

/**
 * Semantic checks over the x86_64 AST: every reference resolves (with a
 * did-you-mean) in every profile the referring rule belongs to, names are
 * unique, bits fit their words and belong to one feature, versions count
 * 1..n, scalars fit QEMU's fields. Collects every problem; never throws.
 */
export function checkX86(ast: X86Ast): Diagnostic[] {
  const ctx = new Ctx(ast.profiles, ast.outline);
  if (ast.profiles.length === 0 && ast.outline.unread.length === 0 && ast.outline.partial.length === 0) {
    ctx.diags.push(error('check/no-profile', 'the rule set declares no profile', placeOfMissing(ast.outline, 'profiles', ['arch'], /profiles\.ya?ml$/),
      'declare at least one profile, e.g. `profiles: [{name: qemu-10.0, qemu: "10.0"}]`'));
  }
  if (ast.arch && ast.arch.value !== ARCH) {
    ctx.diags.push(error('check/wrong-arch', `these rules are for \`${ast.arch.value}\`, not \`${ARCH}\``, ast.arch.span, `write \`arch: ${ARCH}\``));
  }
  const names = collectNames(ctx, ast);
  const bits = new BitChecker(ctx, ast);
  const props = new PropsChecker(ctx, ast, names);
  const booleans = new Set(ast.properties.filter((p) => p.type.value === 'bool').map((p) => p.name.value));
  const aliasTargets = new Map(ast.aliases.map((a) => [a.alias.value, a.target.value]));
  const featureLike = (n: string) => names.features.has(aliasTargets.get(n) ?? n);
  checkFeatureRefs(ctx, ast, names);
  bits.conflicts(ast);
  checkBitLists(ctx, ast, names, bits);
  checkAccelerators(ctx, ast, names, props);
  checkDependencies(ctx, ast, names);
  checkXsave(ctx, ast, names);
  checkLevels(ctx, ast, names, booleans);
  checkDefinitions(ctx, ast, names, props);
  checkSpecials(ctx, ast, names, props);
  checkMachines(ctx, ast, names, featureLike);
  checkDefaults(ctx, ast);
  for (const p of ast.properties) for (const m of p.models) ctx.resolve(m, ctx.range(p), names.specials, names.definitions);
  checkKeyOrders(ctx, ast, names);
  return ctx.diags;
}
