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
import { Random } from '../../util/random.js';
import { setOwn } from '../../util/own.js';
import { modelSpaceRequests, objectPropertyRequests, randomRequests, type OracleInputs } from './oracle-requests.js';

/** The generator's inputs, from the engine. */
export function engineInputs(arch: ArchEngine): OracleInputs {
  const engine = arch as unknown as X86Engine;
  const r = engine.rules;
  const ownFeatures: Record<string, string[]> = {};
  for (const cls of r.classes) {
    const s = engine.instance(cls);
    setOwn(ownFeatures, cls.name, r.features.filter((f) => f.bits.every((b) => isSet(s.f, b))).map((f) => f.name));
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

/** -cpu specs worth starting: TCG and dependency warnings, enforce/check, bad values, legacy spellings, level and AVX10 rules. */
const FIXED_SPECS = [
  'Westmere,aes=on', 'Westmere,x2apic=on', 'Westmere,vmx-ept=on', 'Westmere,vmx_ept=on', 'Cascadelake-Server-v2', 'Haswell,enforce=on',
  'Westmere,rdctl-no=on,arch-capabilities=on', 'Westmere,foo=on', 'Westmere,family=300', 'Westmere,family=x', 'Westmere,aes=maybe',
  'Westmere,level=-1', 'Westmere,intel-pt=on', 'max,vmx-ept=on', 'Westmere,kvmclock=on', 'Westmere,check=off,x2apic=on',
  'Westmere,enforce=on,vmx-ept=on', 'Westmere,lahf_lm=off', 'Westmere,sse4_1=off', 'Westmere,hv_relaxed', 'Westmere,tsc-freq=2G',
  'Westmere,memory=x', 'Westmere,vendor=abc', 'max,migratable=off,vmx-ept=on', 'SapphireRapids', 'EPYC-Genoa,enforce=on', 'max', 'base,avx=on',
  'Westmere,avx10-version=2', 'Westmere,avx10-version=2,check=off', 'GraniteRapids-v2,avx10=off', 'Westmere,model-id=abc,stepping=3',
  'Skylake-Server,vmx=on,vmx-ept=on', 'Snowridge,core-capability=off,split-lock-detect=on', 'Icelake-Server,intel-pt=on,x-intel-pt-auto-level=off',
];

/** The fixed specs, then random ones: any model but host, up to four features or aliases switched, sometimes enforce. */
export function realizeSpecs(engine: ArchEngine, seed: number, count: number): string[] {
  const inputs = engineInputs(engine);
  const rng = new Random(seed);
  const names = inputs.models.filter((m) => m !== 'host');
  const keys = [...inputs.features, ...inputs.aliases.filter((a) => inputs.features.includes(a.target)).map((a) => a.alias)];
  const random = Array.from({ length: count }, () => {
    const props = Array.from({ length: rng.int(5) }, () => `${rng.pick(keys)}=${rng.chance(0.5) ? 'on' : 'off'}`);
    return [rng.pick(names), ...props, ...(rng.chance(0.1) ? ['enforce=on'] : [])].join(',');
  });
  return [...FIXED_SPECS, ...random];
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
  realize: { machine: 'pc', specs: realizeSpecs },
};
