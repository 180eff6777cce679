import type { CompiledRules, DefinitionIR, Edit, EnvironmentIR, EnvRuleIR } from '../compile/ir.js';
import { findDefinition } from './search.js';
import type { Bitset } from '../../../util/bitset.js';
import type { Solution } from './generations.js';

/** Why the host model lacks (or has) a feature that the hardware has (or lacks). */
export type HostReason =
  | { kind: 'rule'; rule: EnvRuleIR }
  | { kind: 'offer'; edit: Edit }
  | { kind: 'outside-definition'; def: DefinitionIR };

/** The host model QEMU computes under KVM, with the reason for every difference from the hardware. */
export interface HostModel {
  def: DefinitionIR;
  features: Bitset;
  hardware: DefinitionIR;
  /** Per feature index: why it differs from the hardware's full set. */
  why: Map<number, HostReason>;
}

/** The hardware's own definition: its cpu type at its GA (default: the last GA of that type). */
function hardwareDefinition(rules: CompiledRules, env: EnvironmentIR): DefinitionIR | undefined {
  const { cpuType, ga } = env.hardware!;
  const same = rules.definitions.filter((d) => d.cpuType === cpuType);
  return ga === undefined ? same.at(-1) : same.find((d) => d.ga === ga);
}

/**
 * The definition QEMU picks: the table search by cpu type, bounded by the
 * unblocked IBC (gen = (ibc >> 4) + 10, GA = ibc & 0xf); no IBC means no bound.
 */
export function hostDefinition(rules: CompiledRules, solution: Solution, env: EnvironmentIR): DefinitionIR | null {
  const ibc = env.ibc?.unblocked ?? 0;
  const gen = ibc === 0 ? 0 : (ibc >> 4) + 10;
  return findDefinition(rules, solution, { cpuType: env.hardware!.cpuType, gen, ga: ibc & 0xf }, null);
}

/** What the hardware and the layers below offer, before QEMU picks a definition. */
export interface HostOffer {
  hardware: DefinitionIR;
  features: Bitset;
  why: Map<number, HostReason>;
}

function applyRules(offer: HostOffer, active: readonly EnvRuleIR[]): void {
  const { features, why } = offer;
  for (const r of active) for (const f of r.available) if (!features.has(f)) { features.add(f); why.set(f, { kind: 'rule', rule: r }); }
  for (const r of active) for (const f of r.unavailable) if (features.has(f) || why.has(f)) { features.delete(f); why.set(f, { kind: 'rule', rule: r }); }
}

/**
 * §6.2 as data, first part: the hardware offers its full set; fired rules
 * make features available or unavailable (unavailable wins); the
 * environment's explicit offers override both.
 */
export function hostOffer(rules: CompiledRules, solution: Solution, env: EnvironmentIR, fired: ReadonlySet<string>): HostOffer | string {
  const hardware = hardwareDefinition(rules, env);
  if (!hardware) return `no CPU definition has cpu type 0x${env.hardware!.cpuType.toString(16)}${env.hardware!.ga ? ` at GA ${env.hardware!.ga}` : ''}`;
  const offer: HostOffer = { hardware, features: solution.sets[hardware.level]!.full.clone(), why: new Map() };
  applyRules(offer, rules.envRules.filter((r) => fired.has(r.id)));
  for (const e of env.offerRemove) for (const f of e.mask) { offer.features.delete(f); offer.why.set(f, { kind: 'offer', edit: e }); }
  for (const e of env.offerAdd) for (const f of e.mask) { offer.features.add(f); offer.why.set(f, { kind: 'offer', edit: e }); }
  return offer;
}

/**
 * Second part: QEMU's fix-ups over the offered set (rules that test the
 * `features` fact, fired in a second pass), then the definition its cpu type
 * and IBC select, and the cut to that definition's full set.
 */
export function finishHost(rules: CompiledRules, solution: Solution, env: EnvironmentIR, offer: HostOffer, fixups: ReadonlySet<string>): HostModel | string {
  applyRules(offer, rules.envRules.filter((r) => fixups.has(r.id)));
  const def = hostDefinition(rules, solution, env);
  if (!def) return 'KVM: host CPU model could not be identified';
  const full = solution.sets[def.level]!.full;
  for (const f of offer.features.andNot(full)) offer.why.set(f, { kind: 'outside-definition', def });
  return { def, features: offer.features.and(full), hardware: offer.hardware, why: offer.why };
}

/** Rules whose condition tests the offered features run after the others. */
export function testsFeatures(rule: EnvRuleIR): boolean {
  return JSON.stringify(rule.condition).includes('"fact":"features"');
}
