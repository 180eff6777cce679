import { error, withRelated, type Span } from '../../../diag/diagnostic.js';
import type { Name, X86Ast } from '../ast.js';
import type { Ctx, Mask } from './context.js';
import type { Names } from './namespaces.js';
import type { PropsChecker } from './props.js';

/** Names of a list that repeat (each repetition after the first). */
export function repeats(list: readonly Name[]): Name[] {
  const seen = new Set<string>();
  return list.filter((n) => seen.has(n.value) || !seen.add(n.value));
}

/** Features name their word; aliases their target; flags their features. */
export function checkFeatureRefs(ctx: Ctx, ast: X86Ast, n: Names): void {
  for (const f of ast.features) ctx.resolve(f.word, ctx.range(f), n.words);
  for (const a of ast.aliases) ctx.resolve(a.target, ctx.range(a), n.features, n.properties);
  for (const fl of ast.flags) {
    const mask = ctx.range(fl);
    for (const f of fl.features) ctx.resolve(f, mask, n.features);
  }
}

export function checkAccelerators(ctx: Ctx, ast: X86Ast, n: Names, props: PropsChecker): void {
  for (const a of ast.accelerators) {
    const mask = ctx.range(a);
    for (const s of a.supports) {
      const sm = ctx.range(s, mask);
      for (const f of s.features) ctx.resolve(f, sm, n.features);
    }
    for (const d of a.modelDefaults) props.check(d.props, ctx.range(d, mask), a.name.value);
    for (const w of a.zeroWords) ctx.resolve(w, mask, n.words);
  }
}

export function checkDependencies(ctx: Ctx, ast: X86Ast, n: Names): void {
  for (const d of ast.dependencies) {
    const mask = ctx.range(d);
    for (const f of d.ifNone) ctx.resolve(f, mask, n.features);
    if (d.clear.kind === 'features') for (const f of d.clear.features) ctx.resolve(f, mask, n.features);
  }
}

export function checkXsave(ctx: Ctx, ast: X86Ast, n: Names): void {
  for (const x of ast.xsave) {
    for (const w of [...x.words.xcr0, ...x.words.xss]) ctx.resolve(w, ctx.all, n.words);
    ctx.resolve(x.requires, ctx.all, n.features);
    for (const g of x.acceleratorGated) ctx.range(g);
    for (const c of x.components) {
      const mask = ctx.range(c);
      for (const f of c.enabledBy) ctx.resolve(f, mask, n.features);
    }
  }
}

/** Level rules: words, the feature or word that triggers them, the raised and the condition properties. */
export function checkLevels(ctx: Ctx, ast: X86Ast, n: Names, booleans: Set<string>): void {
  for (const l of ast.levels) {
    const mask = ctx.range(l);
    for (const w of [...(l.words ?? []), ...(l.word ? [l.word] : [])]) ctx.resolve(w, mask, n.words);
    if (l.feature) ctx.resolve(l.feature, mask, n.features);
    for (const r of l.raise ?? []) ctx.resolve(r.key, mask, n.properties);
    for (const p of [...l.when, ...(l.switch ? [l.switch] : [])]) {
      if (ctx.resolve(p, mask, n.properties) && !booleans.has(p.value)) {
        ctx.diags.push(error('check/not-boolean', `\`${p.value}\` is not a boolean property`, p.span,
          '`when` and `switch` name bool properties such as `full-cpuid-auto-level`'));
      }
    }
  }
}

/** Full-expansion key orders name known properties, once per profile and model kind. */
export function checkKeyOrders(ctx: Ctx, ast: X86Ast, n: Names): void {
  const seen = new Map<string, Mask>();
  const first = new Map<string, Span>();
  for (const k of ast.keyOrders) {
    const mask = ctx.range(k);
    const clash = (seen.get(k.models.value) ?? 0) & mask;
    if (clash) {
      ctx.diags.push(withRelated(error('check/duplicate-name', `the key order of \`${k.models.value}\` is declared twice for profile ${ctx.profileNames(clash).join(', ')}`,
        k.models.span, 'give each profile one key order: bound the entries with `since` and `until`'), first.get(k.models.value)!, 'first declared here'));
    }
    if (!first.has(k.models.value)) first.set(k.models.value, k.models.span);
    seen.set(k.models.value, (seen.get(k.models.value) ?? 0) | mask);
    for (const key of k.keys) ctx.resolve(key, 0, n.qom);
    for (const r of repeats(k.keys)) ctx.diags.push(error('check/duplicate-entry', `\`${r.value}\` is listed twice in a key order`, r.span));
  }
}
