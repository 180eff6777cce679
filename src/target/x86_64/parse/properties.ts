import type { CpuPropertyDecl } from '../ast.js';
import { each, oneOf, scalar, versioned, VERSIONED, type SectionReader } from './read.js';

export const profiles: SectionReader = (r, node, ast) =>
  each(r, node, 'profiles', ['name', 'qemu', 'package'], ['name', 'qemu'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const qemu = r.version(f.get('qemu'), 'qemu');
    if (name && qemu) ast.profiles.push({ name, qemu, package: r.str(f.get('package'), 'package')?.value ?? '', span: r.span(item) });
  });

const PROPERTY_KEYS = ['name', 'type', 'default', 'writable', 'expanded', 'models', 'setter', 'static', ...VERSIONED];

export const cpuProperties: SectionReader = (r, node, ast) =>
  each(r, node, 'cpu_properties', PROPERTY_KEYS, ['name', 'type'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const type = r.str(f.get('type'), 'type');
    if (!name || !type) return;
    const p: CpuPropertyDecl = { name, type, writable: r.bool(f.get('writable'), 'writable') ?? true,
      expanded: r.bool(f.get('expanded'), 'expanded') ?? true, models: r.names(f.get('models'), 'models'),
      ...versioned(r, f), span: r.span(item) };
    const def = scalar(r, f.get('default'), '`default`');
    const setter = r.str(f.get('setter'), 'setter');
    if (def) p.default = def;
    if (setter) p.setter = setter;
    if (r.bool(f.get('static'), 'static')) p.static = true;
    ast.properties.push(p);
  });

export const KEY_ORDER_MODELS = ['named', 'max'] as const;

export const keyOrder: SectionReader = (r, node, ast) =>
  each(r, node, 'full_expansion_order', ['models', 'keys', ...VERSIONED], ['models', 'keys'], (f, item) => {
    const models = oneOf(r, f.get('models'), 'models', KEY_ORDER_MODELS);
    if (models) ast.keyOrders.push({ models, keys: r.names(f.get('keys'), 'keys'), ...versioned(r, f), span: r.span(item) });
  });
