import type { CompiledRules, DefinitionIR, ModelRefIR } from '../compile/ir.js';
import type { Solution } from '../solve/generations.js';
import type { Bitset } from '../../../util/bitset.js';
import { machineDefault, type MachineView } from './machine.js';

/** How a CPU model's initial feature set is chosen (spec: instantiation). */
export type ModelKind = 'base' | 'default' | 'qemu' | 'max';

/** A CPU model name as QEMU's `query-cpu-definitions` lists it. */
export interface ModelClass {
  name: string;
  kind: ModelKind;
  def: DefinitionIR;
  initial: Bitset;
  static: boolean;
  migrationSafe: boolean;
  desc: string;
}

/** A built model: a definition and its enabled features. */
export interface CpuModel {
  def: DefinitionIR;
  features: Bitset;
}

/**
 * Every CPU model of the profile: `<def>-base`, `<def>` (the default set less
 * the machine's featoffs), `qemu` (as the machine sets it), `max`.
 */
export function buildCatalog(rules: CompiledRules, solution: Solution, machine: MachineView): Map<string, ModelClass> {
  const catalog = new Map<string, ModelClass>();
  for (const def of rules.definitions) {
    const sets = solution.sets[def.level]!;
    catalog.set(`${def.name}-base`, { name: `${def.name}-base`, kind: 'base', def, initial: sets.base, static: true, migrationSafe: true, desc: def.desc });
    const initial = machineDefault(machine, def, sets.default);
    catalog.set(def.name, { name: def.name, kind: 'default', def, initial, static: false, migrationSafe: true, desc: def.desc });
  }
  const special = (name: string, kind: ModelKind, ref: ModelRefIR, migrationSafe: boolean, desc: string) =>
    catalog.set(name, { name, kind, def: rules.definitions[ref.definition]!, initial: ref.features, static: false, migrationSafe, desc });
  special('qemu', 'qemu', machine.qemu, true, 'QEMU Virtual CPU version 2.5+');
  special('max', 'max', rules.tcgMax, false, 'Enables all features supported by the accelerator in the current host');
  return catalog;
}
