import { positionals, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { listingOf, printListing } from './listing.js';
import { openEngine } from './session.js';
import { parseModelSpec } from './spec.js';

export const help = `usage: cpumodel features [--model NAME]

The CPU features: name and where the architecture keeps the bit (type and
bit and group; or feature word, CPUID leaf or MSR and bit). With --model, also
whether each is in that model.`;

function modelName(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const spec = parseModelSpec(String(value));
  if (spec.props.length > 0) throw usageError(`--model takes a model name without props, not \`${String(value)}\``);
  return spec.name;
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const model = modelName(ctx.options.model);
  const engine = await openEngine(ctx);
  return printListing(ctx, listingOf(engine, 'features', { model }));
}
