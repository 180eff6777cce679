/**
 * Fitting an environment to a recorded host model: the machine is the
 * recorded definition's cpu type and GA; the facts the environment rules
 * test (nested virtualization, the CPACF enablement, kernel capabilities)
 * are chosen so that the rules reproduce as much of the recording as they
 * can; whatever the rules cannot explain becomes an explicit `offer`.
 */
import type { Bitset } from '../../../util/bitset.js';
import type { CompiledRules, DefinitionIR } from '../compile/ir.js';
import type { Solution } from '../solve/generations.js';
import { difference, evaluate, type Draft, type Evaluated } from './draft.js';

/** Every kernel capability some environment rule tests (from the rules, not a list here). */
export function knownCapabilities(rules: CompiledRules): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o.fact === 'capabilities' && typeof o.value === 'string') found.add(o.value);
    Object.values(o).forEach(walk);
  };
  rules.envRules.forEach((r) => walk(r.condition));
  return [...found].sort();
}

/** How far a draft's host model is from the recording (a wrong definition counts more than any feature). */
function distance(rules: CompiledRules, want: { def: string; features: Bitset }, got: Evaluated | { error: string }): number {
  if ('error' in got) return Number.MAX_SAFE_INTEGER;
  const [missing, extra] = difference(rules, want.features, got.features);
  return (got.def === want.def ? 0 : rules.size + 1) + missing.length + extra.length;
}

type Score = (d: Draft) => Promise<number>;

/** nested × cpacf: the pair closest to the recording (ties keep the earlier: no nesting, CPACF installed). */
async function chooseSwitches(base: Draft, score: Score): Promise<Draft> {
  let best = base;
  let bestScore = await score(base);
  for (const nested of [false, true]) for (const cpacf of [true, false]) {
    const d = { ...base, nested, cpacf };
    const s = await score(d);
    if (s < bestScore) [best, bestScore] = [d, s];
  }
  return best;
}

/** Drop each capability whose absence does not move the host model away from the recording. */
async function chooseCapabilities(base: Draft, score: Score): Promise<Draft> {
  let best = base;
  let bestScore = await score(base);
  for (const cap of base.capabilities) {
    const d = { ...best, capabilities: best.capabilities.filter((c) => c !== cap) };
    const s = await score(d);
    if (s <= bestScore) [best, bestScore] = [d, s];
  }
  return best;
}

/** The unblocked IBC that makes QEMU's search stop at `def` (gen − 10 in the high nibbles, GA in the low one). */
export const ibcOf = (def: DefinitionIR): number => ((def.gen - 10) << 4) | def.ga;

export async function fitRecording(rules: CompiledRules, solution: Solution, def: DefinitionIR, features: Bitset, start: Draft, file: string): Promise<{ draft: Draft; got: Evaluated | { error: string } }> {
  const want = { def: def.name, features };
  const score: Score = async (d) => distance(rules, want, await evaluate(rules, solution, d, file));
  let draft: Draft = { ...start, cpuType: def.cpuType, ga: def.ga };
  const first = await evaluate(rules, solution, draft, file);
  if ('error' in first || first.def !== def.name) draft = { ...draft, ibc: ibcOf(def) };
  draft = await chooseCapabilities(await chooseSwitches(draft, score), score);
  const got = await evaluate(rules, solution, draft, file);
  if ('error' in got) return { draft, got };
  const [add, remove] = difference(rules, features, got.features);
  if (add.length + remove.length === 0) return { draft, got };
  draft = await fewestOffers({ ...draft, add, remove, reason: 'imported: the recorded host model has (add) or lacks (remove) these, and no environment rule says why' }, score);
  return { draft, got: await evaluate(rules, solution, draft, file) };
}

/** Drop each offered name the rules' fix-ups make unnecessary (QEMU drops the multiple-epoch PTFF functions without mepoch, …). */
async function fewestOffers(draft: Draft, score: Score): Promise<Draft> {
  let best = draft;
  if (await score(best) !== 0) return best;
  for (const key of ['add', 'remove'] as const) {
    for (const name of draft[key]) {
      const d = { ...best, [key]: best[key].filter((n) => n !== name) };
      if (await score(d) === 0) best = d;
    }
  }
  return best;
}
