import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { modelLines } from './model-view.js';
import { environmentEngine, hostsOf, valueOf } from './session.js';

export const help = `usage: cpumodel cluster ENV ENV [ENV ...]

The CPU model that runs on every host of a cluster: the baseline of all the
environments' host models (query-cpu-model-baseline, folded), printed as a
static expansion.`;

export async function run(ctx: Ctx): Promise<number> {
  const names = positionals(ctx, 2, Infinity, 'at least two environments');
  const engines = [];
  for (const name of names) engines.push(await environmentEngine(ctx, name));
  const [first, ...rest] = engines;
  const { model } = valueOf(first!, hostsOf(first!).cluster(rest));
  return print(ctx, ctx.json ? [toJson({ model })] : modelLines(ctx, first!, model));
}
