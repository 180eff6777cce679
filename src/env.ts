/**
 * Environments for the facade: find a description (a built-in name or a
 * path), parse it, lower it against a profile, evaluate the environment
 * rules once, and compute the host model.
 */
import { compileEnvironment } from './compile/environment.js';
import { error, type Diagnostic } from './diag/diagnostic.js';
import { environmentNames, locateEnvironment } from './load/environments.js';
import { loadSources } from './load/load.js';
import { parseEnvironment } from './parse/environment.js';
import type { Engine } from './query/engine.js';
import type { ResolvedEnvironment } from './query/host-catalog.js';
import { firedRules } from './solve/conditions.js';
import { finishHost, hostOffer, testsFeatures } from './solve/host.js';
import { didYouMean } from './util/fuzzy.js';

export type { ResolvedEnvironment } from './query/host-catalog.js';

export { environmentNames } from './load/environments.js';

function locate(nameOrPath: string): string | Diagnostic {
  return locateEnvironment(nameOrPath) ?? error('env/unknown-environment', `unknown environment \`${nameOrPath}\``, undefined,
    didYouMean(nameOrPath, environmentNames()) ?? `built-in environments: ${environmentNames().join(', ')}; or give a .yaml path`);
}

/** Resolve an environment for an engine's profile (the engine itself is not changed). */
export async function resolveEnvironment(engine: Engine, nameOrPath: string): Promise<{ environment: ResolvedEnvironment } | { diagnostics: Diagnostic[] }> {
  const path = locate(nameOrPath);
  if (typeof path !== 'string') return { diagnostics: [path] };
  const [source] = loadSources([path]);
  const parsed = parseEnvironment(source!, nameOrPath);
  if (!parsed.env) return { diagnostics: parsed.diagnostics };
  const lowered = compileEnvironment(engine.rules, parsed.env);
  if (!lowered.env) return { diagnostics: lowered.diagnostics };
  const { rules, solution } = engine;
  const env = lowered.env;
  const fired = await firedRules(rules.envRules.filter((r) => !testsFeatures(r)), env.facts);
  if (env.accelerator === 'tcg') return { environment: { env, fired, host: null } };
  const offer = hostOffer(rules, solution, env, fired);
  if (typeof offer === 'string') return { diagnostics: [error('env/no-host-model', offer)] };
  const features = [...offer.features].map((f) => rules.features[f]!.name);
  const fixups = await firedRules(rules.envRules.filter(testsFeatures), { ...env.facts, features });
  const host = finishHost(rules, solution, env, offer, fixups);
  if (typeof host === 'string') return { diagnostics: [error('env/no-host-model', host)] };
  return { environment: { env, fired: new Set([...fired, ...fixups]), host } };
}
