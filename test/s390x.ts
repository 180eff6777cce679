/**
 * The s390x engine's own API for tests that look inside it (the IR, the
 * solution, the catalog): the core engine behind the shared contract.
 */
import { builtinEngine, builtinRules, type ArchEngine, type QueryOptions } from '../src/index.js';
import type { S390xEngine } from '../src/target/s390x/arch-engine.js';
import type { Engine } from '../src/target/s390x/query/engine.js';
import { resolveEnvironment as resolveFromSource } from '../src/target/s390x/environments.js';
import { locateEnvironment } from '../src/load/environments.js';
import { loadSources } from '../src/load/load.js';

export { Engine, NOT_AN_OBJECT, type ModelRequest, type PropOrder } from '../src/target/s390x/query/engine.js';
export type { PropEntry } from '../src/target/s390x/query/props.js';
export type { CpuModel, ModelClass } from '../src/target/s390x/query/catalog.js';
export { explainFeature } from '../src/target/s390x/query/explain-feature.js';
export { explainComparison } from '../src/target/s390x/query/explain-compare.js';
export { explainBaseline } from '../src/target/s390x/query/explain-baseline.js';
export { explainUnavailable } from '../src/target/s390x/query/explain-definitions.js';
export { explainError } from '../src/target/s390x/query/explain-error.js';
export { explainHostDifferences } from '../src/target/s390x/query/explain-host.js';
export { lintModel } from '../src/target/s390x/query/lint.js';
export { realize } from '../src/target/s390x/query/runnable.js';
export { checkRun, migrate, clusterBaseline } from '../src/target/s390x/query/migration.js';
export { staticInfo, fullInfo } from '../src/target/s390x/query/expand.js';
export { compress } from '../src/target/s390x/query/compress.js';
export { machineNames, resolveMachine } from '../src/target/s390x/query/machine.js';
export { errorText } from '../src/target/s390x/query/errors.js';
export { modelSpace, objectPropertyRequests, RequestGenerator, machineRequests, realizeSpecs } from '../src/target/s390x/oracle.js';

/** The core s390x engine behind an ArchEngine. */
export const coreOf = (engine: ArchEngine): Engine => (engine as unknown as S390xEngine).core;

/** The built-in s390x rules' core engine for a profile. */
export function s390xEngine(profile?: string, options: QueryOptions = {}): Engine {
  return coreOf(builtinEngine(profile, { ...options, arch: 's390x' }));
}

/** An environment resolved for an engine's profile (a built-in name or a .yaml path). */
export async function resolveEnvironment(engine: Engine, nameOrPath: string) {
  const path = locateEnvironment('models/s390x/environments', nameOrPath);
  if (!path) {
    const r = await builtinRules('s390x').withEnvironment(nameOrPath, engine.rules.profile.name);
    return 'diagnostics' in r ? r : { diagnostics: [] };
  }
  return resolveFromSource(engine.rules, engine.solution, loadSources([path])[0]!, nameOrPath);
}

/** The core engine of the built-in rules under an environment. */
export async function environmentEngine(profile: string | undefined, env: string, machine?: string): Promise<Engine> {
  const r = await builtinRules('s390x').withEnvironment(env, profile, machine ? { machine } : {});
  if ('diagnostics' in r) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return coreOf(r.engine);
}
