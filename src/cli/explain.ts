import { positionals, type Ctx } from './context.js';
import { printExplanation } from './explain-view.js';
import { openEngine } from './session.js';
import { requestOf } from './model-arg.js';

export const help = `usage: cpumodel explain MODEL FEATURE [--depth N]

Why FEATURE is enabled or disabled in MODEL, as a derivation tree: the
request property that decides it, or the rule that put it into (or kept it
out of) the model's starting set, each step citing the rule id and its
file:line:col. A model or feature that does not exist is explained too
(with close names). --json prints the tree as data.`;

export async function run(ctx: Ctx): Promise<number> {
  const [model, feature] = positionals(ctx, 2, 2, 'MODEL FEATURE') as [string, string];
  const engine = await openEngine(ctx);
  const req = requestOf(ctx, engine, model);
  const result = engine.explainFeature(req, feature);
  printExplanation(ctx, [result.ok ? result.value : engine.explainError(result.error)]);
  return result.ok ? 0 : 1;
}
