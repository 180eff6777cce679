import type { CompiledRules, DefinitionIR, FeatoffIR, MachineIR, ModelRefIR } from '../compile/ir.js';
import { error, type Diagnostic } from '../../../diag/diagnostic.js';
import type { Bitset } from '../../../util/bitset.js';
import { closest } from '../../../util/fuzzy.js';

/**
 * Compat machine types. A versioned machine first applies the settings of the
 * next newer machine (which applies the next newer one's, …), then its own:
 *   qemu(M)    = own(M) if M sets it, else qemu(newer(M)); the newest: latest_qemu_model
 *   featoff(M) = own(M) ∪ featoff(newer(M))
 * so the oldest setting of the `qemu` model wins and featoffs accumulate
 * downward. A featoff clears features from the default set of every
 * definition with (gen, GA) ≥ its pair; base and full sets never change.
 */

/** A featoff in force, with the machine that declares it. */
export interface ActiveFeatoff {
  machine: MachineIR;
  featoff: FeatoffIR;
}

/** The machine a query runs on, with every inherited setting resolved. */
export interface MachineView {
  /** The name asked for ('' for the default: the newest behaviour, as `-machine none`). */
  name: string;
  /** The versioned machine it is or aliases; null for the newest behaviour without one. */
  machine: MachineIR | null;
  /** The `qemu` CPU model on this machine. */
  qemu: ModelRefIR;
  /** The machine whose setting it is (null: latest_qemu_model). */
  qemuSetBy: MachineIR | null;
  /** Every featoff in force, in application order (newest machine first). */
  featoffs: ActiveFeatoff[];
}

/** Every name `-machine` accepts in the profile: the empty machine, the alias, the versioned ones. */
export function machineNames(rules: CompiledRules): string[] {
  const extra = [rules.emptyMachine, rules.machineAlias].filter((n): n is string => n !== null);
  return [...extra, ...rules.machines.map((m) => m.name)];
}

/** The machine's view, or null when the profile has no machine of that name. */
export function resolveMachine(rules: CompiledRules, name?: string): MachineView | null {
  if (name === undefined || name === rules.emptyMachine) return { name: name ?? '', machine: null, qemu: rules.latestQemu, qemuSetBy: null, featoffs: [] };
  const target = name === rules.machineAlias ? 0 : rules.machines.findIndex((m) => m.name === name);
  if (target < 0) return null;
  const chain = rules.machines.slice(0, target + 1);
  const machine = chain.at(-1) ?? null;
  const setter = [...chain].reverse().find((m) => m.qemuModel !== null);
  const featoffs = chain.flatMap((m) => m.featoffs.map((featoff) => ({ machine: m, featoff })));
  return { name, machine, qemu: setter?.qemuModel ?? rules.latestQemu, qemuSetBy: setter ?? null, featoffs };
}

/** True when a featoff reaches the definition: (gen, GA) at or after the featoff's pair. */
export function reaches(featoff: FeatoffIR, def: DefinitionIR): boolean {
  return def.gen > featoff.gen || (def.gen === featoff.gen && def.ga >= featoff.ga);
}

/** The featoffs that switch a feature off in the definition's default set, in application order. */
export function featoffsOf(view: MachineView, def: DefinitionIR, f: number): ActiveFeatoff[] {
  return view.featoffs.filter((a) => reaches(a.featoff, def) && a.featoff.mask.has(f));
}

/** The definition's default set on this machine. */
export function machineDefault(view: MachineView, def: DefinitionIR, defaultSet: Bitset): Bitset {
  const reaching = view.featoffs.filter((a) => reaches(a.featoff, def));
  if (reaching.length === 0) return defaultSet;
  const out = defaultSet.clone();
  for (const a of reaching) out.andNotIn(a.featoff.mask);
  return out;
}

/** The problem with an unknown machine name, with the closest known name as a hint. */
export function unknownMachine(rules: CompiledRules, name: string): Diagnostic {
  const names = machineNames(rules);
  const prefixed = rules.machineAlias ? `${rules.machineAlias}-${name}` : undefined;
  const near = prefixed && names.includes(prefixed) ? prefixed : closest(name, names);
  const help = near ? `did you mean \`${near}\`?` : `known machine types: ${names.join(', ') || 'none'}`;
  // At the machine table (the newest machine), where the name would be declared.
  return error('query/unknown-machine', `unknown machine type \`${name}\` in profile \`${rules.profile.name}\``, rules.machines[0]?.rule.span, help);
}
