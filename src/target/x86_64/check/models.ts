import { error } from '../../../diag/diagnostic.js';
import type { DefinitionDecl, X86Ast } from '../ast.js';
import type { Ctx, Mask } from './context.js';
import type { Names } from './namespaces.js';
import { checkModelId, checkVendor, type PropsChecker } from './props.js';
import { repeats } from './references.js';

export function checkDefinitions(ctx: Ctx, ast: X86Ast, n: Names, props: PropsChecker): void {
  for (const d of ast.definitions) {
    const mask = ctx.range(d);
    checkVendor(ctx, d.vendor, d.name.value);
    checkModelId(ctx, d.modelId, d.name.value);
    for (const f of d.features) ctx.resolve(f, mask, n.features);
    for (const r of repeats(d.features)) {
      ctx.diags.push(error('check/duplicate-entry', `\`${r.value}\` is listed twice in the features of \`${d.name.value}\``, r.span,
        'a feature name stands for all its bits: list it once'));
    }
    for (const v of d.versions) {
      const vm = ctx.range(v, mask);
      props.check(v.props, vm, `${d.name.value}-v${v.version.value}`);
    }
    checkNumbering(ctx, d, mask);
  }
}

/** In every profile, the versions a definition has there are 1, 2, …, n in order. */
function checkNumbering(ctx: Ctx, d: DefinitionDecl, mask: Mask): void {
  for (let i = 0; i < ctx.profiles.length; i++) {
    if (!(mask & (1 << i))) continue;
    const here = d.versions.filter((v) => ctx.range(v, mask) & (1 << i));
    const bad = here.find((v, k) => v.version.value !== k + 1);
    if (here.length > 0 && !bad) continue;
    const found = here.map((v) => v.version.value).join(', ') || 'none';
    ctx.diags.push(error('check/version-numbering',
      `the versions of \`${d.name.value}\` in profile \`${ctx.profiles[i]!.name.value}\` are ${found}, not 1..${Math.max(here.length, 1)}`,
      bad?.version.span ?? d.name.span, 'number versions 1, 2, … without gaps, in order'));
    return;
  }
}

export function checkSpecials(ctx: Ctx, ast: X86Ast, n: Names, props: PropsChecker): void {
  for (const s of ast.specials) {
    const mask = ctx.range(s);
    if (s.like) ctx.resolve(s.like, mask, n.models);
    for (const i of s.init) props.check(i.props, ctx.range(i, mask), s.name.value);
  }
}
