/**
 * Environments for the facade: find a description (a built-in name or a
 * path), parse it, lower it against a profile, evaluate the environment
 * rules once, and compute the host model.
 */
import { compileEnvironment } from './compile/environment.js';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { environmentNames, locateEnvironment } from '../../load/environments.js';
import { loadSources } from '../../load/load.js';
import { parseEnvironment } from './parse/environment.js';
import type { Engine } from './query/engine.js';
import type { ResolvedEnvironment } from './query/host-catalog.js';
import { evaluateEnvironment } from './solve/environment.js';
import { didYouMean } from '../../util/fuzzy.js';

export type { ResolvedEnvironment } from './query/host-catalog.js';

export { environmentNames } from '../../load/environments.js';

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
  const { fired, host, error: failure } = await evaluateEnvironment(engine.rules, engine.solution, lowered.env);
  if (failure !== undefined) return { diagnostics: [error('env/no-host-model', failure)] };
  return { environment: { env: lowered.env, fired, host } };
}
