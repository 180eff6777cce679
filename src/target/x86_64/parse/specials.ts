import type { SpecialModelDecl } from '../ast.js';
import { each, props, versioned, VERSIONED, type SectionReader } from './read.js';

const KEYS = ['name', 'static', 'migration_safe', 'ordering', 'autoenable', 'like', 'needs_accelerator', 'init', ...VERSIONED];

export const specialModels: SectionReader = (r, node, ast) =>
  each(r, node, 'special_models', KEYS, ['name', 'ordering'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const ordering = r.int(f.get('ordering'), 'ordering');
    const m: Omit<SpecialModelDecl, 'name' | 'ordering'> = {
      static: r.bool(f.get('static'), 'static') ?? false,
      migrationSafe: r.bool(f.get('migration_safe'), 'migration_safe') ?? false,
      autoenable: r.bool(f.get('autoenable'), 'autoenable') ?? false,
      init: [], ...versioned(r, f), span: r.span(item),
    };
    const like = r.str(f.get('like'), 'like');
    const needs = r.str(f.get('needs_accelerator'), 'needs_accelerator');
    if (like) m.like = like;
    if (needs) m.needsAccelerator = needs;
    each(r, f.get('init'), 'init', ['props', 'reason', ...VERSIONED], ['props'], (g, entry) => {
      const reason = r.str(g.get('reason'), 'reason')?.value;
      m.init.push({ props: props(r, g.get('props'), '`props`'), ...(reason ? { reason } : {}), ...versioned(r, g), span: r.span(entry) });
    });
    if (name && ordering) ast.specials.push({ name, ordering, ...m });
  });
