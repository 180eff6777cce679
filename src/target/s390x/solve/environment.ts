import type { CompiledRules, EnvironmentIR, EnvRuleIR } from '../compile/ir.js';
import { firedRules, type DecidingTest } from './conditions.js';
import type { Solution } from './generations.js';
import { finishHost, hostOffer, testsFeatures, type HostModel } from './host.js';

/** What one environment makes of the rules: the rules that fire and, under KVM, the host model. */
export interface Evaluation {
  fired: Set<string>;
  /** Per fired rule, the fact tests that decided it. */
  deciding: Map<string, DecidingTest[]>;
  host: HostModel | null;
  /** Why there is no host model under KVM. */
  error?: string;
  /** The environment's own rules make it impossible: the accelerator's prerequisites are taken away. */
  impossible?: Impossibility;
}

/** A rule that takes from the layers below what a rule says the accelerator requires. */
export interface Impossibility {
  requiring: EnvRuleIR;
  taking: EnvRuleIR;
  features: string[];
}

/**
 * impossible :- fired(R), fired(T), T.belowAccelerator, R.requires ∩ T.unavailable ≠ ∅.
 * The first such pair, in rule order.
 */
export function impossibility(rules: CompiledRules, fired: ReadonlySet<string>): Impossibility | undefined {
  const on = rules.envRules.filter((r) => fired.has(r.id));
  for (const requiring of on.filter((r) => !r.requires.isEmpty())) {
    for (const taking of on.filter((r) => r.belowAccelerator)) {
      const lost = requiring.requires.and(taking.unavailable);
      if (!lost.isEmpty()) return { requiring, taking, features: [...lost].map((f) => rules.features[f]!.name) };
    }
  }
  return undefined;
}

/**
 * The rules fire in two passes: first over the environment's facts, then the
 * fix-up rules over the features the layers below offer. Under TCG there is
 * no host model and so no second pass.
 */
export async function evaluateEnvironment(rules: CompiledRules, solution: Solution, env: EnvironmentIR): Promise<Evaluation> {
  const { fired, deciding } = await firedRules(rules.envRules.filter((r) => !testsFeatures(r)), env.facts);
  const impossible = impossibility(rules, fired);
  if (impossible) return { fired, deciding, host: null, impossible };
  if (env.accelerator === 'tcg') return { fired, deciding, host: null };
  const offer = hostOffer(rules, solution, env, fired);
  if (typeof offer === 'string') return { fired, deciding, host: null, error: offer };
  const features = [...offer.features].map((f) => rules.features[f]!.name);
  const fixups = await firedRules(rules.envRules.filter(testsFeatures), { ...env.facts, features });
  const all = new Set([...fired, ...fixups.fired]);
  const decided = new Map([...deciding, ...fixups.deciding]);
  const host = finishHost(rules, solution, env, offer, fixups.fired);
  return typeof host === 'string' ? { fired: all, deciding: decided, host: null, error: host } : { fired: all, deciding: decided, host };
}
