import type { Engine } from '../index.js';
import type { Ctx } from './context.js';
import { openEngine } from './session.js';

/** The engine of the current profile under the named environment (overrides --env). */
export function environmentEngine(ctx: Ctx, name: string): Promise<Engine> {
  return openEngine({ ...ctx, options: { ...ctx.options, env: name } });
}
