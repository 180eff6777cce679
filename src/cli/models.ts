import { positionals, type Ctx } from './context.js';
import { listingOf, printListing } from './listing.js';
import { openEngine } from './session.js';

export const help = `usage: cpumodel models

Every CPU model name with what defines it (its definition, generation and
feature-set sizes; or the version it resolves to, vendor, family, model and
stepping), as the chosen --machine leaves it.`;

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  return printListing(ctx, listingOf(engine, 'models'));
}
