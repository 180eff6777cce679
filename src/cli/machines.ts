import { positionals, type Ctx } from './context.js';
import { listingOf, printListing } from './listing.js';
import { openEngine } from './session.js';

export const help = `usage: cpumodel machines [--profile NAME]

The machine types of the profile (\`-machine NAME\`, and \`--machine NAME\` for
every command), newest first, with what each changes in the CPU models
(the \`qemu\` model and featoffs; or how unversioned names resolve and the
compat properties). \`none\` (no CPUs) is the default.`;

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  return printListing(ctx, listingOf(engine, 'machines'));
}
