import type { Dialect } from '../../types.js';
import type { ClassIR, MachineIR, X86Rules } from '../compile/ir.js';
import { BucketCache } from './props.js';
import { levelPairs, resolveRoles, type Roles } from './roles.js';

/**
 * What every engine step reads: the rules, the machine in effect, the
 * property roles and the profile's dialect. Built once per engine.
 */
export class Core {
  readonly roles: Roles;
  readonly slots: number;
  readonly initialValues: unknown[];
  readonly buckets: BucketCache;
  /** [limit, minimum] property pairs expansion fills. */
  readonly levelPairs: [number, number][];

  constructor(readonly rules: X86Rules, readonly machine: MachineIR, readonly dialect: Dialect) {
    this.roles = resolveRoles(rules);
    this.slots = rules.width >>> 5;
    this.initialValues = rules.properties.map((p) => p.initial);
    this.buckets = new BucketCache(rules.lookup.keys());
    this.levelPairs = levelPairs(this.roles);
  }

  get emptyMachine(): boolean {
    return this.machine.name === this.rules.defaultMachine;
  }

  /** Does the class have the property (some exist only on max/host)? */
  classHas(cls: ClassIR, prop: number): boolean {
    const models = this.rules.properties[prop]!.models;
    return models === null || models.has(cls.name);
  }
}
