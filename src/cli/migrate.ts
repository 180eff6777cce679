import { renderTree } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { depth } from './explain-view.js';
import { toJson } from './json.js';
import { environmentEngine, hostsOf, valueOf } from './session.js';
import { requestOf } from './model-arg.js';

export const help = `usage: cpumodel migrate MODEL --from ENV --to ENV

Can a guest with MODEL move from one host to another? The source expands
MODEL first, as libvirt does when it starts a host-model guest (\`host\` and
\`max\` become the source's host model, a concrete static model); that model
must run on the source and then on the target. For each side the verdict
and, when it cannot run, the generation and the missing features grouped by
the reason that removes them (the deciding rule and the facts behind it).
--json adds the expanded model. Exit status 1 when it cannot migrate.`;

export async function run(ctx: Ctx): Promise<number> {
  const [model] = positionals(ctx, 1, 1, 'MODEL') as [string];
  const { from, to } = ctx.options;
  if (typeof from !== 'string' || typeof to !== 'string') throw usageError('migrate needs `--from ENV` and `--to ENV`');
  const [a, b] = [await environmentEngine(ctx, from), await environmentEngine(ctx, to)];
  const req = requestOf(ctx, a, model);
  const verdict = valueOf(a, hostsOf(a).migrate(b, req));
  if (ctx.json) print(ctx, [toJson(verdict)]);
  else print(ctx, renderTree(verdict.explanation, ctx.options.depth === undefined ? 3 : depth(ctx)).split('\n'));
  return verdict.ok ? 0 : 1;
}
