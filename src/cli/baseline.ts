import { staticInfo } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { modelLines } from './model-view.js';
import { buildModel, openEngine, valueOf } from './session.js';
import { parseModelSpec } from './spec.js';

export const help = `usage: cpumodel baseline A B [C ...]

The baseline of two or more models like query-cpu-model-baseline, folded
left: baseline(baseline(A, B), C)... The result is printed as a static
expansion. Models use QEMU's -cpu syntax (see \`cpumodel expand --help\`).`;

export function run(ctx: Ctx): number {
  const texts = positionals(ctx, 2, Infinity, 'at least two models');
  texts.forEach(parseModelSpec);
  const engine = openEngine(ctx);
  const [first, ...rest] = texts.map((t) => buildModel(engine, t));
  const result = rest.reduce((acc, m) => valueOf(engine, engine.baselineOf(acc, m)), first);
  const model = staticInfo(engine.rules, result, engine.sets(result).base);
  return print(ctx, ctx.json ? [toJson({ model })] : modelLines(ctx, engine, model));
}
