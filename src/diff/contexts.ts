/**
 * The engines a diff side answers in: its own (the profile, on the side's
 * machine), one per compat machine type and one per shipped host
 * environment. A context that cannot be opened (an environment its rules
 * make impossible, a host model that cannot be computed) answers every
 * request with that problem as an error, so that a change from answering
 * to failing is a changed answer too.
 */
import { environmentNames, type ArchEngine, type RuleSet } from '../index.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Reply } from './types.js';

export type Context = ArchEngine | { failed: Reply };

export class SideContexts {
  private readonly cache = new Map<string, Promise<Context>>();

  constructor(readonly ruleSet: RuleSet, readonly profile: string, readonly engine: ArchEngine, private readonly machine?: string) {}

  /** The engine of a request's context (machine, environment). */
  get(ctx: { machine?: string; environment?: string }): Promise<Context> {
    if (ctx.machine === undefined && ctx.environment === undefined) return Promise.resolve(this.engine);
    const key = `${ctx.machine ?? ''}|${ctx.environment ?? ''}`;
    let hit = this.cache.get(key);
    if (!hit) this.cache.set(key, (hit = this.open(ctx)));
    return hit;
  }

  private async open(ctx: { machine?: string; environment?: string }): Promise<Context> {
    const machine = ctx.machine ?? this.machine;
    const options = machine ? { machine } : {};
    const r = ctx.environment === undefined ? this.ruleSet.engine(this.profile, options)
      : await this.ruleSet.withEnvironment(ctx.environment, this.profile, options);
    return 'engine' in r ? r.engine : { failed: failure(r.diagnostics) };
  }
}

function failure(diagnostics: readonly Diagnostic[]): Reply {
  const first = diagnostics[0];
  return { error: { class: first?.code ?? 'GenericError', desc: first?.message ?? 'cannot open this context' } };
}

/** The shipped host environments of the rule set's architecture (none where it models none). */
export const shippedEnvironments = (ruleSet: RuleSet): string[] => (ruleSet.target.environments ? environmentNames(ruleSet.target.info.name) : []);
