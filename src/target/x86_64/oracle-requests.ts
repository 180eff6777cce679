/**
 * The requests the x86_64 differential suite sends to QEMU and to cpumodel:
 * the model space, the CPU object's property writes, and seeded random
 * requests. Pure: the input is plain lists (from a live QEMU or from the
 * engine), the output QMP requests whose integers beyond 2^53 are bigints.
 *
 * Documented exclusions (QEMU does something a comparison cannot follow):
 * - `realized: true` really realizes the CPU in the running QEMU;
 * - `lbr-fmt` (or its alias) with a value that is not a 64-bit integer kills
 *   QEMU with an assertion (cpumodel answers a GenericError instead).
 */

import { Random } from '../../util/random.js';
import { own } from '../../util/own.js';

export interface OracleInputs {
  /** Every name of query-cpu-definitions. */
  models: readonly string[];
  /** Every feature property (the static expansion's boolean keys). */
  features: readonly string[];
  aliases: readonly { alias: string; target: string }[];
  /** Every QOM property of the CPU object with its QOM type. */
  properties: readonly { name: string; type: string; writable: boolean }[];
  /** The features each model has on; random props favour them. */
  ownFeatures?: Readonly<Record<string, readonly string[]>>;
}

export interface OracleRequest {
  execute: string;
  arguments?: Record<string, unknown>;
}

/** Property values QEMU must not see (see the module comment): [property, is the value excluded]. */
export const EXCLUDED: readonly [string, (value: unknown) => boolean][] = [
  ['realized', (v) => v === true],
  ['lbr-fmt', (v) => !isInt64(v)],
];

const U64_MAX = 2n ** 64n - 1n;
const STRINGS: readonly unknown[] = ['', 'GenuineIntel', 'AuthenticAMD', 'Intel', 'CentaurHauls', 'x'.repeat(60), 'é'.repeat(30), 5, true, null];
const VALUES: Readonly<Record<string, readonly unknown[]>> = {
  bool: [true, false, 'on', 1, null],
  uint8: [0, 1, 255, 256, -1, 1.5, 'x'],
  uint16: [0, 1, 65535, 65536, -1, 1.5, 'x'],
  uint32: [0, 1, 7, 20, 2147483656, 4294967295, 4294967296, -1, 1.5, '1'],
  uint64: [0, 1, 63, 2n ** 63n, U64_MAX, 2n ** 64n, -1, 1.5, 'x'],
  int32: [0, 1, -1, 2147483647, 2147483648, -2147483649, 1.5, 'x'],
  int: [0, 1, 6, 15, 16, 255, 256, 270, 271, -1, -5, 2500000123, 2n ** 63n - 1n, 2n ** 63n, 1.5, '6'],
  string: STRINGS,
  str: STRINGS,
  OnOffAuto: ['on', 'off', 'auto', 'bogus', true, 1],
  link: ['/machine/unattached/system[0]', '', '/nonexistent', 5, null],
  other: [[], {}, 'x', 1, true],
};

/** Feature values that are not booleans. */
const NON_BOOLEANS: readonly unknown[] = [1, 0, 'on', 'off', 'true', null, 1.5, [], {}];
/** Names no CPU has: QMP does not turn `_` into `-`; JS object member names. */
const UNKNOWN_PROPS = ['foo', '', 'hv_relaxed', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf',
  'prototype', 'length', '+aes', '-aes', 'aes=on', 'AES', 'sse3 ', 'unavailable_features', 'x86_64'];
const UNKNOWN_MODELS = ['', 'Foo', 'nosuch', 'x86_64', 'kvm', 'Icelake-Client', 'Westmere-v0', 'Westmere-v99',
  'Westmere-IBRS-v1', ' Westmere', 'Westmere ', 'max-v1', 'host-v1', 'base-v1', 'qemu64-v2', '486-v2'];
const NON_OBJECTS: readonly unknown[] = [[1], [], 'aes', null, 3, true];
const COMMAND_NOT_FOUND = ['query-cpu-model-comparison', 'query-cpu-model-baseline'];
/** Models that have the `migratable` property. */
const MIGRATABLE_MODELS = ['max', 'host'];

const isInt64 = (v: unknown): boolean =>
  (typeof v === 'bigint' && v >= -(2n ** 63n) && v <= U64_MAX) || (typeof v === 'number' && Number.isSafeInteger(v));

type Props = Record<string, unknown>;

/** An own data member, also for `__proto__`. */
function put(props: Props, key: string, value: unknown): void {
  Object.defineProperty(props, key, { value, enumerable: true, writable: true, configurable: true });
}

const expansion = (type: string, name: string, props?: unknown): OracleRequest =>
  ({ execute: 'query-cpu-model-expansion', arguments: { type, model: props === undefined ? { name } : { name, props } } });

export const valuesOfType = (type: string): readonly unknown[] =>
  VALUES[type] ?? (type.startsWith('link<') ? VALUES.link! : VALUES.other!);

/** The request space: query-cpu-definitions, static and full expansion of every name, the commands x86 lacks. */
export function modelSpaceRequests(inputs: OracleInputs): OracleRequest[] {
  const out: OracleRequest[] = [{ execute: 'query-cpu-definitions' }];
  for (const name of inputs.models) out.push(expansion('static', name), expansion('full', name));
  const [a = 'base', b = a] = inputs.models;
  for (const execute of COMMAND_NOT_FOUND) out.push({ execute, arguments: { modela: { name: a }, modelb: { name: b } } });
  return out;
}

/** The views of the inputs the generators draw from. */
class Space {
  readonly aliasTarget = new Map<string, string>();
  readonly featureSet: Set<string>;
  readonly others: OracleInputs['properties'][number][];
  readonly readOnly: string[];
  readonly unknown: string[];
  readonly wrongModels: string[];

  constructor(readonly inputs: OracleInputs) {
    for (const { alias, target } of inputs.aliases) this.aliasTarget.set(alias, target);
    this.featureSet = new Set(inputs.features);
    const nonFeature = inputs.properties.filter((p) => !this.featureSet.has(p.name) && !this.aliasTarget.has(p.name));
    this.others = nonFeature.filter((p) => p.writable);
    this.readOnly = nonFeature.filter((p) => !p.writable).map((p) => p.name);
    const known = new Set(inputs.properties.map((p) => p.name));
    const underscored = inputs.features.filter((f) => f.includes('-')).map((f) => f.replace(/-/g, '_'));
    this.unknown = [...UNKNOWN_PROPS, ...underscored].filter((n) => !known.has(n));
    const names = new Set(inputs.models);
    const cased = inputs.models.flatMap((m) => [m.toLowerCase(), m.toUpperCase(), `${m}-x86_64-cpu`]);
    this.wrongModels = [...UNKNOWN_MODELS, ...cased].filter((m) => !names.has(m));
  }

  /** False for the documented exclusions (for a property and for its aliases). */
  allowed(key: string, value: unknown): boolean {
    const names = [key, this.aliasTarget.get(key)];
    return !EXCLUDED.some(([name, bad]) => names.includes(name) && bad(value));
  }
}

/**
 * Every writable non-feature property of the CPU object with each value of
 * its type (valid and invalid), and every read-only one once, on models
 * picked by the seed; static and full in turn.
 */
export function objectPropertyRequests(inputs: OracleInputs, seed: number): OracleRequest[] {
  const space = new Space(inputs);
  const rng = new Random(seed);
  const named = inputs.models.filter((m) => !MIGRATABLE_MODELS.includes(m));
  const out: OracleRequest[] = [];
  const add = (key: string, value: unknown) => {
    if (!space.allowed(key, value)) return;
    const props: Props = {};
    put(props, key, value);
    out.push(expansion(out.length % 2 ? 'full' : 'static', rng.pick(named.length ? named : inputs.models), props));
  };
  for (const p of space.others) for (const value of valuesOfType(p.type)) add(p.name, value);
  for (const name of space.readOnly) add(name, rng.pick(VALUES.other!));
  return out;
}

/** Seeded random requests (see RandomRequests.next for the mix). */
export function randomRequests(inputs: OracleInputs, seed: number, count: number): OracleRequest[] {
  const gen = new RandomRequests(inputs, seed);
  return Array.from({ length: count }, () => gen.next());
}

export class RandomRequests {
  private readonly rng: Random;
  private readonly space: Space;

  constructor(private readonly inputs: OracleInputs, seed: number) {
    this.rng = new Random(seed);
    this.space = new Space(inputs);
  }

  /** 47% static, 47% full expansion, the rest definitions and the commands x86 lacks. */
  next(): OracleRequest {
    const r = this.rng.next();
    if (r < 0.94) return expansion(r < 0.47 ? 'static' : 'full', ...this.model());
    if (r < 0.95) return { execute: 'query-cpu-definitions' };
    const model = () => Object.fromEntries([['name', this.modelName()]]);
    return { execute: this.rng.pick(COMMAND_NOT_FOUND), arguments: { modela: model(), modelb: model() } };
  }

  private modelName(): string {
    const { rng } = this;
    if (rng.chance(0.05)) return rng.pick(this.space.wrongModels);
    if (rng.chance(0.08)) return rng.pick(MIGRATABLE_MODELS);
    return rng.pick(this.inputs.models);
  }

  /** A name and its props: absent, not an object, or 1-6 keys of the kinds in `entry`. */
  private model(): [string, unknown?] {
    const { rng } = this;
    const name = this.modelName();
    const shape = rng.next();
    if (shape < 0.12) return [name];
    if (shape < 0.16) return [name, rng.pick(NON_OBJECTS)];
    const props: Props = {};
    const count = shape < 0.18 ? 0 : 1 + rng.int(6);
    for (let i = 0; i < count; i++) {
      for (const [key, value] of this.entry(name)) if (this.space.allowed(key, value)) put(props, key, value);
    }
    return [name, props];
  }

  /** One or two props: own or other features, aliases colliding with their targets, other properties, unknown names. */
  private entry(model: string): [string, unknown][] {
    const { rng, space, inputs } = this;
    const r = rng.next();
    if (r < 0.3) return [[rng.pick((inputs.ownFeatures && own(inputs.ownFeatures, model)) ?? inputs.features), this.featureValue()]];
    if (r < 0.55) return [[rng.pick(inputs.features), this.featureValue()]];
    if (r < 0.67 && inputs.aliases.length) {
      const { alias, target } = rng.pick(inputs.aliases);
      const a = this.featureValue(), b = rng.chance(0.7) ? !a : this.featureValue();
      if (rng.chance(0.4)) return [[alias, a]];
      return rng.chance(0.5) ? [[alias, a], [target, b]] : [[target, a], [alias, b]];
    }
    if (r < 0.85 && space.others.length) {
      const p = rng.pick(space.others);
      return [[p.name, rng.pick(valuesOfType(p.type))]];
    }
    if (r < 0.89) return [['migratable', rng.chance(0.9) ? rng.chance(0.5) : rng.pick(NON_BOOLEANS)]];
    if (r < 0.93 && space.readOnly.length) return [[rng.pick(space.readOnly), rng.pick(VALUES.other!)]];
    return [[rng.pick(space.unknown), this.featureValue()]];
  }

  private featureValue(): unknown {
    return this.rng.chance(0.06) ? this.rng.pick(NON_BOOLEANS) : this.rng.chance(0.55);
  }
}
