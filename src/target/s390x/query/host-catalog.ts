import type { EnvironmentIR } from '../compile/ir.js';
import type { HostModel } from '../solve/host.js';
import type { DecidingTest } from '../solve/conditions.js';
import type { ModelClass } from './catalog.js';

/** An environment as the engine uses it: its facts, the rules that fired, its host model. */
export interface ResolvedEnvironment {
  env: EnvironmentIR;
  fired: ReadonlySet<string>;
  /** Per fired rule, the fact tests that decided it (what an explanation cites). */
  deciding?: ReadonlyMap<string, readonly DecidingTest[]>;
  /** Null under TCG: there is no host model, and `max` is TCG's maximum model. */
  host: HostModel | null;
}

/**
 * Under KVM, `host` exists and `max` is a copy of it (neither is
 * migration-safe); under TCG the catalog is unchanged.
 */
export function withHost(catalog: ReadonlyMap<string, ModelClass>, env: ResolvedEnvironment | undefined): ReadonlyMap<string, ModelClass> {
  if (!env?.host) return catalog;
  const out = new Map(catalog);
  const { def, features } = env.host;
  const desc = `host model of environment ${env.env.name}`;
  out.set('max', { name: 'max', kind: 'max', def, initial: features, static: false, migrationSafe: false, desc });
  out.set('host', { name: 'host', kind: 'max', def, initial: features, static: false, migrationSafe: false, desc });
  return out;
}
