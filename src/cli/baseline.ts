import { explainBaseline, staticInfo, type CpuModel, type Engine, type ModelRequest } from '../index.js';
import { printExplanation } from './explain-view.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { modelLines } from './model-view.js';
import { buildModel, openEngine, valueOf } from './session.js';
import { parseModelSpec } from './spec.js';

export const help = `usage: cpumodel baseline A B [C ...]

The baseline of two or more models like query-cpu-model-baseline, folded
left: baseline(baseline(A, B), C)... The result is printed as a static
expansion. Models use QEMU's -cpu syntax (see \`cpumodel expand --help\`).
--explain shows, for each step, the definition search (which definitions were
tried, where it stopped and which base features stopped it) and why each
feature of either input was dropped.`;

/** One explanation per fold step; each step's result feeds the next as `<def>-base` plus props. */
function explainFold(engine: Engine, specs: ModelRequest[]) {
  const [first, ...rest] = specs;
  let acc: ModelRequest = first!;
  return rest.map((next) => {
    const step = valueOf(engine, explainBaseline(engine, acc, next));
    const result: CpuModel = valueOf(engine, engine.baselineOf(valueOf(engine, engine.build(acc, 'modela', 'as-given')), valueOf(engine, engine.build(next, 'modelb', 'as-given'))));
    const info = staticInfo(engine.rules, result, engine.sets(result).base);
    acc = { name: info.name, props: Object.entries(info.props ?? {}) };
    return step;
  });
}

export async function run(ctx: Ctx): Promise<number> {
  const texts = positionals(ctx, 2, Infinity, 'at least two models');
  texts.forEach(parseModelSpec);
  const engine = await openEngine(ctx);
  const [first, ...rest] = texts.map((t) => buildModel(engine, t));
  if (ctx.options.explain) return printExplanation(ctx, explainFold(engine, texts.map(parseModelSpec)));
  const result = rest.reduce((acc, m) => valueOf(engine, engine.baselineOf(acc, m)), first);
  const model = staticInfo(engine.rules, result, engine.sets(result).base);
  return print(ctx, ctx.json ? [toJson({ model })] : modelLines(ctx, engine, model));
}
