import type { OracleHooks, QueryRequest } from '../policy.js';
import type { ArchEngine } from '../types.js';
import type { S390xEngine } from './arch-engine.js';
import type { Engine } from './query/engine.js';
import { Random } from '../../util/random.js';
import { setOwn } from '../../util/own.js';

/**
 * The s390x requests of the agreement report and the live differential
 * tests: the model space, random requests, the CPU object's non-feature
 * properties, what a compat machine changes, and realize specs.
 */
type QmpRequest = QueryRequest;
const coreOf = (e: ArchEngine): Engine => (e as unknown as S390xEngine).core;

type Model = { name: string; props?: unknown };

const expansion = (type: string, model: Model): QmpRequest =>
  ({ execute: 'query-cpu-model-expansion', arguments: { type, model } });
const pair = (execute: string, a: Model, b: Model): QmpRequest => ({ execute, arguments: { modela: a, modelb: b } });

/** Every model's static and full expansion, every ordered pair's comparison and baseline, definitions. */
export function modelSpace(names: readonly string[]): QmpRequest[] {
  const out: QmpRequest[] = [{ execute: 'query-cpu-definitions' }];
  for (const name of names) out.push(expansion('static', { name }), expansion('full', { name }));
  for (const a of names) {
    for (const b of names) {
      out.push(pair('query-cpu-model-comparison', { name: a }, { name: b }));
      out.push(pair('query-cpu-model-baseline', { name: a }, { name: b }));
    }
  }
  return out;
}

const NON_BOOLEANS: readonly unknown[] = [1, 0, 'on', 'yes', null, [], {}, 1.5, 'true'];
const UNKNOWN_PROPS = ['foo', 'vx2', 'msa99', 'Vx', 'z13', '', 'kmac', 'msa-', 'plo_', 'migration-safe', 'static', 'description'];
const UNKNOWN_MODELS = ['host', 'nosuch', 'z13-base-base', 'Z13', 'z15', 'gen18a', 'z13 ', 'qemu-base', 'max-base'];

/** Random requests: props from the model's full set, later features, groups, unknown names, non-booleans. */
export class RequestGenerator {
  private readonly rng: Random;
  private readonly names: string[];
  private readonly features: string[];
  private readonly groups: string[];

  private readonly engine: Engine;

  constructor(arch: ArchEngine, seed: number) {
    const engine = (this.engine = coreOf(arch));
    this.rng = new Random(seed);
    this.names = [...engine.catalog.keys()];
    this.features = engine.rules.features.map((f) => f.name);
    this.groups = engine.rules.groups.map((g) => g.name);
  }

  private propKey(model: string): string {
    const cls = this.engine.catalog.get(model);
    const r = this.rng.next();
    if (cls && r < 0.45) {
      const full = [...this.engine.solution.sets[cls.def.level]!.full];
      return this.engine.rules.features[this.rng.pick(full)]!.name;
    }
    if (r < 0.65) return this.rng.pick(this.features);
    if (r < 0.9) return this.rng.pick(this.groups);
    return this.rng.pick(UNKNOWN_PROPS);
  }

  private model(): Model {
    const name = this.rng.chance(0.04) ? this.rng.pick(UNKNOWN_MODELS) : this.rng.pick(this.names);
    const shape = this.rng.next();
    if (shape < 0.2) return { name };
    if (shape < 0.23) return { name, props: this.rng.pick([[1], 'x', null, 3, true]) };
    const props: Record<string, unknown> = {};
    const count = 1 + this.rng.int(6);
    for (let i = 0; i < count; i++) {
      setOwn(props, this.propKey(name), this.rng.chance(0.06) ? this.rng.pick(NON_BOOLEANS) : this.rng.chance(0.55));
    }
    return { name, props };
  }

  next(): QmpRequest {
    const r = this.rng.next();
    if (r < 0.3) return expansion('static', this.model());
    if (r < 0.5) return expansion('full', this.model());
    if (r < 0.75) return pair('query-cpu-model-comparison', this.model(), this.model());
    return pair('query-cpu-model-baseline', this.model(), this.model());
  }

  take(count: number): QmpRequest[] {
    return Array.from({ length: count }, () => this.next());
  }
}

/**
 * The CPU object's non-feature properties with values of every JSON type
 * (not `realized: true`, which hot-plugs a CPU into the running QEMU).
 */
export function objectPropertyRequests(): QmpRequest[] {
  const props = ['type', 'parent_bus', 'memory', 'legacy-memory', 'description', 'core-id', 'crash-information', 'realized',
    'hotplugged', 'hotpluggable', 'start-powered-off', 'migration-safe', 'static', 'book-id', 'drawer-id', 'socket-id',
    'entitlement', 'dedicated'];
  const values: unknown[] = [true, false, 1, -1, 0, 'x', 'auto', 'high', 'vertical', '', null, [1], { a: 1 }, 4294967295,
    4294967296, 2147483647, 2147483648, -2147483649, 1.5];
  const out: QmpRequest[] = [];
  for (const key of props) {
    for (const value of values) {
      if (key === 'realized' && value === true) continue;
      out.push(expansion('static', { name: 'z13-base', props: { [key]: value } }));
    }
  }
  return out;
}

type BoolModel = { name: string; props?: Record<string, boolean> };
const pairOf = (execute: string, a: BoolModel, b: BoolModel): QmpRequest => ({ execute, arguments: { modela: { ...a }, modelb: { ...b } } });

/**
 * The requests that show what a machine changes: query-cpu-definitions; every
 * model's static and full expansion; `qemu` compared and baselined with every
 * model both ways; every `<def>` against its `-base`; and every `<def>` with
 * the features the oldest machine switches off turned back on (`oldest`: the
 * engine of that machine).
 */
export function machineRequests(arch: ArchEngine, oldestArch: ArchEngine): QmpRequest[] {
  const [engine, oldest] = [coreOf(arch), coreOf(oldestArch)];
  const names = [...engine.catalog.keys()];
  const out: QmpRequest[] = [{ execute: 'query-cpu-definitions' }];
  for (const name of names) out.push(expansion('static', { name }), expansion('full', { name }));
  for (const name of names) {
    for (const [a, b] of [['qemu', name], [name, 'qemu']] as const) {
      out.push(pairOf('query-cpu-model-comparison', { name: a }, { name: b }), pairOf('query-cpu-model-baseline', { name: a }, { name: b }));
    }
  }
  for (const def of engine.rules.definitions) {
    out.push(pairOf('query-cpu-model-comparison', { name: def.name }, { name: `${def.name}-base` }));
    out.push(pairOf('query-cpu-model-baseline', { name: def.name }, { name: `${def.name}-base` }));
    const lost = engine.catalog.get(def.name)!.initial.andNot(oldest.catalog.get(def.name)!.initial);
    if (lost.isEmpty()) continue;
    const props = Object.fromEntries([...lost].map((f) => [engine.rules.features[f]!.name, true]));
    out.push(expansion('full', { name: def.name, props }), pairOf('query-cpu-model-comparison', { name: def.name, props }, { name: def.name }));
  }
  return out;
}

/** Fixed interesting specs plus random ones: props from the model's full set (features and groups). */
export function realizeSpecs(arch: ArchEngine, seed: number, count: number): string[] {
  const engine = coreOf(arch);
  const fixed = ['qemu,vx=off,esop=off', 'z14,vx=off', 'gen16a', 'z900', 'z900,esan3=off', 'gen15a-base,vxeh=on,vx=off',
    'qemu', 'max', 'z14.2', 'gen15a,msa3-base=off', 'z13,cmma=on', 'max,msa5-base=off', 'z800-base,etf2=on,ldisp=on'];
  const rng = new Random(seed);
  const names = [...engine.catalog.keys()];
  const random = Array.from({ length: count }, () => {
    const name = rng.pick(names);
    const full = engine.solution.sets[engine.catalog.get(name)!.def.level]!.full;
    const keys = [...[...full].map((i) => engine.rules.features[i]!.name),
      ...engine.rules.groups.filter((g) => full.intersects(g.mask)).map((g) => g.name)];
    const props = Array.from({ length: rng.int(5) }, () => `${rng.pick(keys)}=${rng.chance(0.5) ? 'on' : 'off'}`);
    return [name, ...props].join(',');
  });
  return [...fixed, ...random];
}

/** The oldest machine type of the engine's profile (featoffs add up downward). */
export function oldestMachine(arch: ArchEngine): string | undefined {
  return coreOf(arch).rules.machines.at(-1)?.name;
}

export const s390xOracle: OracleHooks = {
  requestSets: (engine, seed, count) => [
    ['model space', modelSpace(engine.modelNames())],
    ['CPU object properties', objectPropertyRequests()],
    [`random (seed ${seed})`, new RequestGenerator(engine, seed).take(count)],
  ],
  oldestMachine,
  machineRequests,
  realize: { machine: 's390-ccw-virtio', specs: realizeSpecs },
};
