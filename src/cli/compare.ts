import type { CompareResult } from '../index.js';
import type { CpuModel } from '../index.js';
import { compress, explainComparison } from '../index.js';
import { printExplanation } from './explain-view.js';
import type { Palette } from './color.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { buildModel, openEngine, valueOf } from './session.js';
import { parseModelSpec } from './spec.js';
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
  const [sa, sb] = [parseModelSpec(a), parseModelSpec(b)];
  const engine = await openEngine(ctx);
  const info = valueOf(engine, engine.compare({ name: sa.name, props: sa.props }, { name: sb.name, props: sb.props }, 'as-given'));
  if (ctx.options.explain) return printExplanation(ctx, [valueOf(engine, explainComparison(engine, sa, sb))]);
  if (ctx.json) return print(ctx, [toJson(info)]);
  const [ma, mb] = [buildModel(engine, a), buildModel(engine, b)];
  const only = (x: CpuModel, y: CpuModel) => compress(engine.rules, x.features.andNot(y.features)).join(', ') || '-';
  const rows = [
    [`only in A (${a})`, only(ma, mb)],
    [`only in B (${b})`, only(mb, ma)],
    ['generation (type)', generation(ma, mb)],
  ];
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

function generation(a: CpuModel, b: CpuModel): string {
  const gen = (m: CpuModel) => `gen ${m.def.gen} GA${m.def.ga} (${m.def.name})`;
  return a.def.gen === b.def.gen && a.def.ga === b.def.ga ? `same: ${gen(a)}` : `A ${gen(a)}, B ${gen(b)}`;
}
