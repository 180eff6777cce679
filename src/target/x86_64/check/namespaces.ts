import type { Name, X86Ast } from '../ast.js';
import { Namespace, type Ctx, type Mask } from './context.js';

/** Every name the rules declare, by kind. */
export interface Names {
  words: Namespace;
  features: Namespace;
  aliases: Namespace;
  properties: Namespace;
  /** Features, aliases and other properties share QOM's one property namespace. */
  qom: Namespace;
  /** Every CPU model name QEMU registers: definitions, `-vN` names, version aliases, special models. */
  models: Namespace;
  definitions: Namespace;
  specials: Namespace;
  compatArrays: Namespace;
  accelerators: Namespace;
  profiles: Namespace;
  ids: Namespace;
  machines: Namespace;
}

export function collectNames(ctx: Ctx, ast: X86Ast): Names {
  const n: Names = {
    words: new Namespace('feature word', 'check/unknown-word'),
    features: new Namespace('feature', 'check/unknown-feature'),
    aliases: new Namespace('property alias'),
    properties: new Namespace('property', 'check/unknown-property'),
    qom: new Namespace('property', 'check/unknown-property'),
    models: new Namespace('model', 'check/unknown-model'),
    definitions: new Namespace('CPU definition', 'check/unknown-model'),
    specials: new Namespace('special model', 'check/unknown-model'),
    compatArrays: new Namespace('compat array', 'check/unknown-compat-array'),
    accelerators: new Namespace('accelerator'),
    profiles: new Namespace('profile'),
    ids: new Namespace('rule id'),
    machines: new Namespace('machine type'),
  };
  for (const p of ast.profiles) ctx.declare(n.profiles, p.name, ctx.all);
  for (const w of ast.words) ctx.declare(n.words, w.name, ctx.range(w));
  declareProperties(ctx, ast, n);
  declareModels(ctx, ast, n);
  for (const a of ast.accelerators) ctx.declare(n.accelerators, a.name, ctx.range(a));
  for (const d of ast.dependencies) ctx.declare(n.ids, d.id, ctx.range(d));
  for (const l of ast.levels) ctx.declare(n.ids, l.id, ctx.range(l));
  declareMachines(ctx, ast, n);
  return n;
}

function declareProperties(ctx: Ctx, ast: X86Ast, n: Names): void {
  // A clash inside one kind is reported there; the shared namespace reports clashes across kinds.
  const both = (ns: Namespace, name: Name, mask: Mask) => ctx.declare(n.qom, name, mask, !ctx.declare(ns, name, mask));
  for (const f of ast.features) both(n.features, f.name, ctx.range(f));
  for (const a of ast.aliases) both(n.aliases, a.alias, ctx.range(a));
  for (const p of ast.properties) both(n.properties, p.name, ctx.range(p));
}

function declareModels(ctx: Ctx, ast: X86Ast, n: Names): void {
  for (const d of ast.definitions) {
    const mask = ctx.range(d);
    ctx.declare(n.definitions, d.name, mask);
    ctx.declare(n.models, d.name, mask);
    for (const v of d.versions) {
      const vm = ctx.range(v, mask);
      const versioned = { value: `${d.name.value}-v${v.version.value}`, span: v.version.span };
      if (!n.models.decls.get(versioned.value)?.some((x) => x.mask & vm)) ctx.declare(n.models, versioned, vm);
      if (v.alias) ctx.declare(n.models, v.alias, vm);
    }
  }
  for (const s of ast.specials) {
    const mask = ctx.range(s);
    ctx.declare(n.specials, s.name, mask);
    ctx.declare(n.models, s.name, mask);
  }
}

function declareMachines(ctx: Ctx, ast: X86Ast, n: Names): void {
  for (const m of ast.machines) {
    if (m.empty) ctx.declare(n.machines, m.empty, ctx.all);
    for (const c of m.compatArrays) ctx.declare(n.compatArrays, c.name, ctx.range(c));
    for (const fam of m.families) {
      const fm = ctx.range(fam);
      for (const t of fam.types) {
        ctx.declare(n.machines, { value: `${fam.name.value}-${t.version.value}`, span: t.version.span }, ctx.range(t, fm));
      }
    }
    for (const o of m.others) ctx.declare(n.machines, o.name, ctx.range(o));
  }
}
