import type { CompareResult } from '../index.js';
import { printExplanation } from './explain-view.js';
import type { Palette } from './color.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { openEngine, relationsOf, valueOf } from './session.js';
import { requestOf } from './model-arg.js';
import { table } from './table.js';

export const help = `usage: cpumodel compare A B

Compare two models like query-cpu-model-comparison: identical, subset,
superset or incompatible, and the properties responsible, grouped as the
features only A has, those only B has, and the generation (the \`type\`
property). Models use QEMU's -cpu syntax (see \`cpumodel expand --help\`).
--explain gives one reason per responsible property and the verdict derived
from them (--depth N limits the tree).`;

export async function run(ctx: Ctx): Promise<number> {
  const [a, b] = positionals(ctx, 2, 2, 'two models A B') as [string, string];
  const engine = await openEngine(ctx);
  const [ra, rb] = [requestOf(ctx, engine, a), requestOf(ctx, engine, b)];
  const rel = relationsOf(engine, 'comparison');
  const info = valueOf(engine, rel.compare(ra, rb, 'as-given'));
  if (ctx.options.explain) return printExplanation(ctx, [valueOf(engine, rel.explainComparison(ra, rb, 'as-given'))]);
  if (ctx.json) return print(ctx, [toJson(info)]);
  const labels: Record<string, string> = { 'only in A': `only in A (${a})`, 'only in B': `only in B (${b})` };
  const rows = valueOf(engine, rel.comparisonRows(ra, rb, 'as-given')).map(([k, v]) => [labels[k] ?? k, v]);
  return print(ctx, [verdict(ctx.color, info.result, a, b), '', ...table(rows, { width: ctx.width })]);
}

function verdict(c: Palette, result: CompareResult, a: string, b: string): string {
  const [A, B] = [c.bold(a), c.bold(b)];
  switch (result) {
    case 'identical': return `${A} and ${B} are ${c.green('identical')}`;
    case 'subset': return `${A} is a ${c.yellow('subset')} of ${B}`;
    case 'superset': return `${A} is a ${c.yellow('superset')} of ${B}`;
    case 'incompatible': return `${A} and ${B} are ${c.red('incompatible')}`;
  }
}
