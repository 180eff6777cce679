import type { Node } from 'yaml';
import { SET_KINDS, type FeatoffDecl, type MachineDecl, type ModelRefDecl, type Name, type RuleSetAst, type SetKind } from './ast.js';
import { leafSpans } from './condition.js';
import type { FileReader } from '../../../parse/reader.js';

/** A reader for one top-level section of a rule file. */
type SectionReader = (r: FileReader, node: Node, ast: RuleSetAst) => void;

function each(r: FileReader, node: Node | null, what: string, allowed: string[], required: string[],
  fn: (f: Map<string, Node>, item: Node) => void): void {
  for (const item of r.list(node, what)) {
    r.entry(item, () => {
      const f = r.fields(item, `an entry of \`${what}\``, allowed, required);
      if (f) fn(f, item);
    });
  }
}

const profiles: SectionReader = (r, node, ast) =>
  each(r, node, 'profiles', ['name', 'qemu', 'package'], ['name', 'qemu'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const qemu = r.version(f.get('qemu'), 'qemu');
    if (name && qemu) ast.profiles.push({ name, qemu, package: r.str(f.get('package'), 'package')?.value ?? '', span: r.span(item) });
  });

const features: SectionReader = (r, node, ast) =>
  each(r, node, 'features', ['name', 'type', 'bit', 'desc', 'since', 'was'], ['name', 'type', 'bit'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const type = r.str(f.get('type'), 'type');
    const bit = r.int(f.get('bit'), 'bit');
    const wasFields = f.has('was') ? r.fields(f.get('was'), '`was`', ['until', 'desc'], ['until', 'desc']) : null;
    const was = wasFields && {
      until: r.version(wasFields.get('until'), 'until')?.value ?? '',
      desc: r.str(wasFields.get('desc'), 'desc')?.value ?? '',
    };
    if (name && type && bit) {
      ast.features.push({ name, type, bit, desc: r.str(f.get('desc'), 'desc')?.value ?? '',
        since: r.version(f.get('since'), 'since'), was: was ?? undefined, span: r.span(item) });
    }
  });

const groups: SectionReader = (r, node, ast) =>
  each(r, node, 'groups', ['name', 'desc', 'since', 'members'], ['name', 'members'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    if (name) {
      ast.groups.push({ name, desc: r.str(f.get('desc'), 'desc')?.value ?? '', since: r.version(f.get('since'), 'since'),
        members: r.names(f.get('members'), 'members'), span: r.span(item) });
    }
  });

function setLists(r: FileReader, f: Map<string, Node> | null): Record<SetKind, Name[]> {
  const out = { base: [], default: [], full: [] } as Record<SetKind, Name[]>;
  for (const kind of SET_KINDS) out[kind] = f ? r.names(f.get(kind), kind) : [];
  return out;
}

const generations: SectionReader = (r, node, ast) =>
  each(r, node, 'generations', ['gen', 'ga', 'since', 'base', 'default', 'full', 'remove'], ['gen', 'ga'], (f, item) => {
    const gen = r.int(f.get('gen'), 'gen');
    const ga = r.int(f.get('ga'), 'ga');
    const removeFields = f.has('remove') ? r.fields(f.get('remove'), '`remove`', ['reason', ...SET_KINDS]) : null;
    if (gen && ga) {
      ast.generations.push({ gen, ga, since: r.version(f.get('since'), 'since'), add: setLists(r, f),
        remove: setLists(r, removeFields), removeReason: r.str(removeFields?.get('reason'), 'reason')?.value,
        span: r.span(item) });
    }
  });

const dependencies: SectionReader = (r, node, ast) =>
  each(r, node, 'dependencies', ['feature', 'requires', 'id', 'since'], ['feature', 'requires'], (f, item) => {
    const feature = r.str(f.get('feature'), 'feature');
    const requires = r.str(f.get('requires'), 'requires');
    if (feature && requires) {
      ast.dependencies.push({ feature, requires, id: r.str(f.get('id'), 'id'),
        since: r.version(f.get('since'), 'since'), span: r.span(item) });
    }
  });

const deprecated: SectionReader = (r, node, ast) => {
  const f = r.fields(node, '`deprecated`', ['since', 'features', 'empty_list_until'], ['features']);
  if (f) {
    ast.deprecations.push({ since: r.version(f.get('since'), 'since'), features: r.names(f.get('features'), 'features'),
      emptyListUntil: r.version(f.get('empty_list_until'), 'empty_list_until'), span: r.span(node) });
  }
};

const definitionSearch: SectionReader = (r, node, ast) => {
  const f = r.fields(node, '`definition_search`', ['ignore_missing'], ['ignore_missing']);
  if (!f) return;
  each(r, f.get('ignore_missing')!, 'ignore_missing', ['reason', 'features', 'since'], ['features'], (g, item) => {
    ast.searchIgnores.push({ reason: r.str(g.get('reason'), 'reason')?.value ?? '',
      features: r.names(g.get('features'), 'features'), since: r.version(g.get('since'), 'since'), span: r.span(item) });
  });
};

const definitions: SectionReader = (r, node, ast) =>
  each(r, node, 'definitions', ['name', 'cpu_type', 'gen', 'ga', 'mha_pow', 'hmfai', 'desc', 'since', 'legacy'],
    ['name', 'cpu_type', 'gen', 'ga'], (f, item) => {
      const name = r.str(f.get('name'), 'name');
      const cpuType = r.int(f.get('cpu_type'), 'cpu_type');
      const gen = r.int(f.get('gen'), 'gen');
      const ga = r.int(f.get('ga'), 'ga');
      if (name && cpuType && gen && ga) {
        ast.definitions.push({ name, cpuType: cpuType.value, gen, ga,
          mhaPow: r.int(f.get('mha_pow'), 'mha_pow')?.value ?? 0, hmfai: r.int(f.get('hmfai'), 'hmfai')?.value ?? 0,
          desc: r.str(f.get('desc'), 'desc')?.value ?? '', legacy: r.bool(f.get('legacy'), 'legacy') ?? false,
          since: r.version(f.get('since'), 'since'), span: r.span(item) });
      }
    });

const qemuLists: SectionReader = (r, node, ast) =>
  each(r, node, 'qemu_feature_lists', ['name', 'add', 'since'], ['name', 'add'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    if (name) ast.qemuLists.push({ name, add: r.names(f.get('add'), 'add'), since: r.version(f.get('since'), 'since'), span: r.span(item) });
  });

function readModelRef(r: FileReader, node: Node, key: string): ModelRefDecl | undefined {
  const f = r.fields(node, `\`${key}\``, ['definition', 'features'], ['definition', 'features']);
  const definition = r.str(f?.get('definition'), 'definition');
  const features = r.str(f?.get('features'), 'features');
  return definition && features ? { key, definition, features, span: r.span(node) } : undefined;
}

function modelRef(key: string): SectionReader {
  return (r, node, ast) => {
    const ref = readModelRef(r, node, key);
    if (ref) ast.modelRefs.push(ref);
  };
}

function featoffs(r: FileReader, node: Node | undefined): FeatoffDecl[] {
  const out: FeatoffDecl[] = [];
  each(r, node ?? null, 'featoff', ['gen', 'ga', 'features', 'reason'], ['gen', 'ga', 'features'], (f, item) => {
    const gen = r.int(f.get('gen'), 'gen');
    const ga = r.int(f.get('ga'), 'ga');
    const reason = r.str(f.get('reason'), 'reason')?.value;
    if (gen && ga) out.push({ gen, ga, features: r.names(f.get('features'), 'features'), reason, span: r.span(item) });
  });
  return out;
}

const MACHINE_KEYS = ['name', 'since', 'until', 'qemu_model', 'featoff', 'kvm_cpu_models', 'deprecated_since', 'reason'];

function machine(r: FileReader, f: Map<string, Node>, item: Node): MachineDecl | undefined {
  const name = r.str(f.get('name'), 'name');
  if (!name) return undefined;
  return {
    name, since: r.version(f.get('since'), 'since'), until: r.version(f.get('until'), 'until'),
    qemuModel: f.has('qemu_model') ? readModelRef(r, f.get('qemu_model')!, `${name.value}/qemu_model`) : undefined,
    featoffs: featoffs(r, f.get('featoff')), kvmCpuModels: r.bool(f.get('kvm_cpu_models'), 'kvm_cpu_models') ?? true,
    deprecatedSince: r.version(f.get('deprecated_since'), 'deprecated_since'),
    reason: r.str(f.get('reason'), 'reason')?.value, span: r.span(item),
  };
}

const machines: SectionReader = (r, node, ast) => {
  const f = r.fields(node, '`machines`', ['empty', 'alias', 'types'], ['types']);
  if (!f) return;
  if (f.has('empty')) ast.machineNames.empty = r.str(f.get('empty'), 'empty');
  if (f.has('alias')) ast.machineNames.alias = r.str(f.get('alias'), 'alias');
  each(r, f.get('types')!, 'types', MACHINE_KEYS, ['name'], (g, item) => {
    const m = machine(r, g, item);
    if (m) ast.machines.push(m);
  });
};

const environmentRules: SectionReader = (r, node, ast) =>
  each(r, node, 'environment_rules', ['id', 'reason', 'assumption', 'when', 'available', 'unavailable', 'below_accelerator', 'requires', 'since'], ['id', 'reason', 'when'], (f, item) => {
    const id = r.str(f.get('id'), 'id');
    const when = f.get('when');
    if (!id || !when) return; // a missing `when` is reported by fields()
    ast.envRules.push({
      id, reason: r.str(f.get('reason'), 'reason')?.value ?? '', assumption: r.str(f.get('assumption'), 'assumption')?.value,
      when: { tree: when.toJSON(), span: r.span(when), leaves: leafSpans(r, when) },
      available: r.names(f.get('available'), 'available'), unavailable: r.names(f.get('unavailable'), 'unavailable'),
      belowAccelerator: r.bool(f.get('below_accelerator'), 'below_accelerator') ?? false, requires: r.names(f.get('requires'), 'requires'),
      since: r.version(f.get('since'), 'since'), span: r.span(item),
    });
  });

/** Top-level keys a rule file may have, and how each is read. */
export const SECTIONS: Readonly<Record<string, SectionReader>> = {
  /** The rule set's architecture; read by the loader (src/load/arch.ts), checked here. */
  arch: (r, node) => void r.str(node, 'arch'),
  profiles,
  features,
  groups,
  generations,
  dependencies,
  deprecated,
  definition_search: definitionSearch,
  definitions,
  qemu_feature_lists: qemuLists,
  tcg_max: modelRef('tcg_max'),
  latest_qemu_model: modelRef('latest_qemu_model'),
  machines,
  environment_rules: environmentRules,
};
