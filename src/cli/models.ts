import { positionals, type Ctx } from './context.js';
import { listingOf, printListing } from './listing.js';
import { openEngine } from './session.js';

export const help = `usage: cpumodel models

Every CPU model name with what defines it: for s390x its definition,
generation.GA, cpu type and the sizes of the definition's base, default and
full feature sets (default: as the chosen --machine leaves it); for x86_64 the
version it resolves to, vendor, family/model/stepping and its features.`;

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  return printListing(ctx, listingOf(engine, 'models'));
}
