import { error } from '../../../diag/diagnostic.js';
import type { CompatPropDecl, X86Ast } from '../ast.js';
import type { Ctx, Mask } from './context.js';
import type { Names } from './namespaces.js';

/** Values compat props give features, as QEMU parses `-global` strings. */
const BOOLEAN_WORDS = ['on', 'off', 'true', 'false', 'yes', 'no'];

export function checkMachines(ctx: Ctx, ast: X86Ast, n: Names, featureLike: (name: string) => boolean): void {
  for (const m of ast.machines) {
    for (const fam of m.families) {
      const fm = ctx.range(fam);
      for (const t of fam.types) {
        const tm = ctx.range(t, fm);
        for (const c of t.compat) ctx.resolve(c, tm, n.compatArrays);
        if (t.deprecatedSince) ctx.range({ since: t.deprecatedSince, span: t.span });
      }
    }
    for (const o of m.others) {
      const om = ctx.range(o);
      for (const c of o.compat) ctx.resolve(c, om, n.compatArrays);
    }
    for (const arr of m.compatArrays) {
      const am = ctx.range(arr);
      for (const p of arr.props) checkCompatProp(ctx, n, p, am, featureLike);
    }
  }
}

function checkCompatProp(ctx: Ctx, n: Names, p: CompatPropDecl, mask: Mask, featureLike: (name: string) => boolean): void {
  if (p.driver.value !== '*') {
    if (p.dangling && n.models.has(p.driver.value)) {
      ctx.diags.push(error('check/dangling-driver', `\`${p.driver.value}\` is marked dangling but is a model`, p.driver.span,
        'remove `dangling: true`'));
    } else if (!p.dangling) ctx.resolve(p.driver, mask, n.models);
  }
  if (!ctx.resolve(p.property, mask, n.qom)) return;
  if (featureLike(p.property.value) && !BOOLEAN_WORDS.includes(p.value.value)) {
    ctx.diags.push(error('check/bad-prop-value', `\`${p.property.value}\` is a feature and takes \`on\` or \`off\`, not \`${p.value.value}\``,
      p.value.span));
  }
}
