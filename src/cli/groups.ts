import { positionals, type Ctx } from './context.js';
import { listingOf, printListing } from './listing.js';
import { openEngine } from './session.js';

export const help = `usage: cpumodel groups

The feature groups: name, number of members, description, and the members
(a group is a property that sets or clears all its members at once).`;

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  return printListing(ctx, listingOf(engine, 'groups'));
}
