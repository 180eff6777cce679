import type { Node } from 'yaml';
import type { FileReader } from '../../../parse/reader.js';
import type { CompatArrayDecl, CpuVersionMode, MachineFamilyDecl, MachinesDecl, MachineTypeDecl } from '../ast.js';
import { each, oneOf, versioned, VERSIONED, type SectionReader } from './read.js';

export const MODES: readonly CpuVersionMode[] = ['default', 'legacy', 'latest'];

function types(r: FileReader, node: Node | undefined): MachineTypeDecl[] {
  const out: MachineTypeDecl[] = [];
  each(r, node, 'types', ['version', 'compat', 'cpu_version', 'deprecated_since', ...VERSIONED], ['version'], (f, item) => {
    const version = r.version(f.get('version'), 'version');
    if (!version) return;
    const t: MachineTypeDecl = { version, compat: r.names(f.get('compat'), 'compat'), ...versioned(r, f), span: r.span(item) };
    const mode = oneOf(r, f.get('cpu_version'), 'cpu_version', MODES);
    const deprecated = r.version(f.get('deprecated_since'), 'deprecated_since');
    if (mode) t.cpuVersion = mode;
    if (deprecated) t.deprecatedSince = deprecated;
    out.push(t);
  });
  return out;
}

function families(r: FileReader, node: Node | undefined): MachineFamilyDecl[] {
  const out: MachineFamilyDecl[] = [];
  each(r, node, 'families', ['name', 'alias', 'types', ...VERSIONED], ['name', 'types'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const alias = r.str(f.get('alias'), 'alias');
    const fam: MachineFamilyDecl | undefined = name && { name, types: types(r, f.get('types')), ...versioned(r, f), span: r.span(item) };
    if (fam && alias) fam.alias = alias;
    if (fam) out.push(fam);
  });
  return out;
}

function compatArrays(r: FileReader, node: Node | undefined): CompatArrayDecl[] {
  const out: CompatArrayDecl[] = [];
  each(r, node, 'compat_props', ['name', 'props', ...VERSIONED], ['name', 'props'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const arr: CompatArrayDecl | undefined = name && { name, props: [], ...versioned(r, f), span: r.span(item) };
    each(r, f.get('props'), 'props', ['driver', 'property', 'value', 'dangling'], ['driver', 'property', 'value'], (g, entry) => {
      const driver = r.str(g.get('driver'), 'driver');
      const property = r.str(g.get('property'), 'property');
      const value = r.str(g.get('value'), 'value');
      const dangling = r.bool(g.get('dangling'), 'dangling') ?? false;
      if (arr && driver && property && value) arr.props.push({ driver, property, value, dangling, span: r.span(entry) });
    });
    if (arr) out.push(arr);
  });
  return out;
}

function others(r: FileReader, node: Node | undefined): MachinesDecl['others'] {
  const out: MachinesDecl['others'] = [];
  each(r, node, 'others', ['name', 'cpu_version', 'compat', ...VERSIONED], ['name'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const mode = oneOf(r, f.get('cpu_version'), 'cpu_version', MODES);
    if (name) out.push({ name, ...(mode ? { cpuVersion: mode } : {}), compat: r.names(f.get('compat'), 'compat'), ...versioned(r, f), span: r.span(item) });
  });
  return out;
}

export const machines: SectionReader = (r, node, ast) => {
  const f = r.fields(node, '`machines`', ['empty', 'families', 'others', 'compat_props'], ['families']);
  if (!f) return;
  const empty = r.str(f.get('empty'), 'empty');
  const m: MachinesDecl = { families: families(r, f.get('families')), others: others(r, f.get('others')),
    compatArrays: compatArrays(r, f.get('compat_props')) };
  if (empty) m.empty = empty;
  ast.machines.push(m);
};
