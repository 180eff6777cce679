/**
 * The x86_64 requests of the agreement report and the live differential
 * tests, drawn from the engine's own lists (models, features, aliases, QOM
 * properties, each model's starting features) by the generator of
 * oracle-requests.ts.
 */
import type { OracleHooks, QueryRequest } from '../policy.js';
import type { ArchEngine } from '../types.js';
import type { X86Engine } from './engine/engine.js';
import { isSet } from './engine/state.js';
import { modelSpaceRequests, objectPropertyRequests, randomRequests, type OracleInputs } from './oracle-requests.js';

/** The generator's inputs, from the engine. */
export function engineInputs(arch: ArchEngine): OracleInputs {
  const engine = arch as unknown as X86Engine;
  const r = engine.rules;
  const ownFeatures: Record<string, string[]> = {};
  for (const cls of r.classes) {
    const s = engine.instance(cls);
    ownFeatures[cls.name] = r.features.filter((f) => f.bits.every((b) => isSet(s.f, b))).map((f) => f.name);
  }
  return {
    models: engine.modelNames(),
    features: r.features.map((f) => f.name),
    aliases: r.aliases.map((a) => ({ alias: a.alias, target: a.targetName })),
    properties: r.properties.map((p) => ({ name: p.name, type: p.type, writable: p.writable })),
    ownFeatures,
  };
}

/** query-cpu-definitions and every model's static and full expansion: what a machine type changes. */
function machineRequests(engine: ArchEngine): QueryRequest[] {
  const out: QueryRequest[] = [{ execute: 'query-cpu-definitions' }];
  for (const name of engine.modelNames()) {
    for (const type of ['static', 'full']) out.push({ execute: 'query-cpu-model-expansion', arguments: { type, model: { name } } });
  }
  return out;
}

export const x86Oracle: OracleHooks = {
  requestSets(engine, seed, count) {
    const inputs = engineInputs(engine);
    return [
      ['model space', modelSpaceRequests(inputs)],
      ['CPU object properties', objectPropertyRequests(inputs, seed)],
      [`random (seed ${seed})`, randomRequests(inputs, seed, count)],
    ];
  },
  oldestMachine: () => undefined,
  machineRequests,
};
