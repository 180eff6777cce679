import { renderTree } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { depth } from './explain-view.js';
import { toJson } from './json.js';
import { openEngine } from './session.js';
import { requestOf } from './model-arg.js';

export const help = `usage: cpumodel lint-model MODEL

Check MODEL against the feature dependencies ("X requires Y"), which QEMU
only reports as warnings when a VM starts. Prints QEMU's warnings, the chain
of each missing requirement, and the smallest fix (enable what is missing,
or disable what needs it). Exit status 1 when a dependency is broken.`;

export async function run(ctx: Ctx): Promise<number> {
  const [model] = positionals(ctx, 1, 1, 'MODEL') as [string];
  const engine = await openEngine(ctx);
  const req = requestOf(ctx, engine, model);
  const result = engine.lint(req);
  if (!result.ok) {
    print(ctx, renderTree(engine.explainError(result.error)).split('\n'));
    return 1;
  }
  const report = result.value;
  if (ctx.json) return print(ctx, [toJson(report)]) + (report.warnings.length ? 1 : 0);
  const { yellow, green } = ctx.color;
  const fixes = report.fixes.map((f, i) =>
    `${i === 0 ? 'smallest fix' : 'or'}: ${f.action} ${f.features.join(', ')}${f.feasible ? '' : ' (not possible for this model)'}`);
  print(ctx, [
    ...report.warnings.map((w) => yellow(`warning: ${w}`)),
    ...renderTree(report.explanation, depth(ctx)).split('\n').map((l, i) => (i === 0 && !report.warnings.length ? green(l) : l)),
    ...fixes,
  ]);
  return report.warnings.length ? 1 : 0;
}
