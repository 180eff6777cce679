import type { Engine } from '../index.js';
import { Random } from './random.js';

/** One QMP command to send to both QEMU and cpumodel. */
export interface QmpRequest {
  execute: string;
  arguments?: Record<string, unknown>;
}

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

  constructor(private readonly engine: Engine, seed: number) {
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
      props[this.propKey(name)] = this.rng.chance(0.06) ? this.rng.pick(NON_BOOLEANS) : this.rng.chance(0.55);
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
