/**
 * The listing commands' tables for s390x: models with their definition and
 * set sizes, features with type/bit/group (and membership in a model's
 * sets), groups with members, machine types with qemu model and featoffs.
 */
import { fail, ok, type Result } from '../../result.js';
import type { Listing } from '../../types.js';
import type { ModelClass } from '../query/catalog.js';
import type { Engine } from '../query/engine.js';
import { machineNames, resolveMachine, type MachineView } from '../query/machine.js';

const hex = (n: number) => `0x${n.toString(16)}`;

function modelRow(engine: Engine, m: ModelClass) {
  const sets = engine.solution.sets[m.def.level]!;
  const fallback = engine.catalog.get(m.def.name)?.initial.count() ?? sets.default.count();
  return {
    name: m.name, definition: m.def.name, gen: m.def.gen, ga: m.def.ga, 'cpu-type': m.def.cpuType,
    base: sets.base.count(), default: fallback, full: sets.full.count(), description: m.desc,
  };
}

export function modelsListing(engine: Engine): Listing {
  const json = [...engine.catalog.values()].map((m) => modelRow(engine, m));
  return {
    columns: ['name', 'definition', 'gen.GA', 'cpu type', 'base', 'default', 'full', 'description'],
    rows: json.map((m) => [m.name, m.definition, `${m.gen}.${m.ga}`, hex(m['cpu-type']), String(m.base), String(m.default), String(m.full), m.description]),
    right: [4, 5, 6], json,
  };
}

/** Features with type, bit and group; with a model, whether each is in its base, default and full set. */
export function featuresListing(engine: Engine, model?: string): Result<Listing> {
  let sets: ((i: number) => { base: boolean; default: boolean; full: boolean }) | undefined;
  if (model !== undefined) {
    const built = engine.build({ name: model }, 'model', 'as-given');
    if (!built.ok) return fail(built.error);
    const s = engine.sets(built.value);
    sets = (i) => ({ base: s.base.has(i), default: s.default.has(i), full: s.full.has(i) });
  }
  const { features, groups } = engine.rules;
  const json = features.map((f) => ({ name: f.name, type: f.type, bit: f.bit, group: f.group < 0 ? null : groups[f.group]!.name, description: f.desc, ...sets?.(f.index) }));
  const mark = (on: boolean | undefined) => (on ? 'x' : '-');
  return ok({
    columns: ['name', 'type', 'bit', 'group', ...(sets ? ['base', 'default', 'full'] : [])],
    rows: json.map((f) => [f.name, f.type, String(f.bit), f.group ?? '-', ...(sets ? [mark(f.base), mark(f.default), mark(f.full)] : [])]),
    right: [2], json,
  });
}

export function groupsListing(engine: Engine): Listing {
  const { features, groups } = engine.rules;
  const json = groups.map((g) => ({ name: g.name, description: g.desc, members: g.members.map((i) => features[i]!.name) }));
  return { columns: ['name', 'members', 'description'], rows: json.map((g) => [g.name, String(g.members.length), g.description]),
    details: json.map((g) => g.members.join(', ')), right: [1], json };
}

function machineNotes(view: MachineView, alias: string | undefined): string {
  const out: string[] = [];
  if (alias) out.push(`alias of ${alias}`);
  if (!view.machine) out.push('the default: no CPUs, newest behaviour');
  if (view.machine?.deprecated && !alias) out.push('deprecated');
  if (view.machine && !view.machine.kvmCpuModels && !alias) out.push('no CPU models under KVM');
  return out.join('; ');
}

function machineRow(engine: Engine, name: string) {
  const rules = engine.rules;
  const view = resolveMachine(rules, name)!;
  const own = view.featoffs.filter((a) => a.machine === view.machine).map((a) => a.featoff);
  const levelOf = (gen: number, ga: number) => rules.levels.find((l) => l.gen === gen && l.ga === ga)?.key ?? `${gen}.${ga}`;
  const alias = name === rules.machineAlias ? view.machine?.name : undefined;
  return {
    name, ...(alias ? { alias } : {}),
    qemu: { definition: rules.definitions[view.qemu.definition]!.name, features: view.qemu.list, 'set-by': view.qemuSetBy?.name ?? 'latest_qemu_model' },
    featoffs: alias ? [] : own.map((o) => ({ from: levelOf(o.gen, o.ga), features: o.edits.map((e) => e.item), reason: o.reason })),
    'inherited-featoffs': alias ? 0 : view.featoffs.length - own.length,
    deprecated: view.machine?.deprecated ?? false,
    'kvm-cpu-models': view.machine?.kvmCpuModels ?? true,
    notes: machineNotes(view, alias),
  };
}

export function machinesListing(engine: Engine): Listing {
  const json = machineNames(engine.rules).map((name) => machineRow(engine, name));
  return {
    columns: ['name', 'qemu model', 'notes', 'featoffs'],
    rows: json.map((r) => [r.name, `${r.qemu.definition} + ${r.qemu.features}`, r.notes || '-',
      r.featoffs.map((o) => `${o.from}: -${o.features.join(' -')}`).join('; ') || '-']),
    wrapLast: true, json,
  };
}
