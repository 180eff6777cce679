import { clusterBaseline, staticInfo } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { environmentEngine } from './environment.js';
import { toJson } from './json.js';
import { modelLines } from './model-view.js';
import { valueOf } from './session.js';

export const help = `usage: cpumodel cluster ENV ENV [ENV ...]

The CPU model that runs on every host of a cluster: the baseline of all the
environments' host models (query-cpu-model-baseline, folded), printed as a
static expansion.`;

export async function run(ctx: Ctx): Promise<number> {
  const names = positionals(ctx, 2, Infinity, 'at least two environments');
  const engines = [];
  for (const name of names) engines.push(await environmentEngine(ctx, name));
  const model = valueOf(engines[0]!, clusterBaseline(engines));
  const info = staticInfo(engines[0]!.rules, model, engines[0]!.sets(model).base);
  return print(ctx, ctx.json ? [toJson({ model: info })] : modelLines(ctx, engines[0]!, info));
}
