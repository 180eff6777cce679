import type { ArchEngine, Because, ModelRequest, Relations } from '../index.js';
import { printExplanation } from './explain-view.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { modelLines } from './model-view.js';
import { openEngine, relationsOf, valueOf } from './session.js';
import { requestOf } from './model-arg.js';
import { FORMAT_HELP, formattedAnswer, modelFormat } from './model-format.js';

export const help = `usage: cpumodel baseline A B [C ...] [--format libvirt|cpu-spec [--features]]

The baseline of two or more models like query-cpu-model-baseline, folded
left: baseline(baseline(A, B), C)... The result is printed as a static
expansion. Models use QEMU's -cpu syntax (see \`cpumodel expand --help\`).
--explain shows, for each step, the definition search (which definitions were
tried, where it stopped and which base features stopped it) and why each
feature of either input was dropped. Models may be libvirt CPU XML files (see
\`cpumodel expand --help\`).

${FORMAT_HELP}`;

/** One explanation per fold step; each step's result feeds the next as its static expansion. */
function explainFold(engine: ArchEngine, rel: Relations, models: ModelRequest[]): Because[] {
  const [first, ...rest] = models;
  let acc: ModelRequest = first!;
  return rest.map((next) => {
    const step = valueOf(engine, rel.explainBaseline(acc, next, 'as-given'));
    const { model } = valueOf(engine, rel.baselineAll([acc, next], 'as-given'));
    acc = { name: model.name, props: Object.entries(model.props ?? {}) };
    return step;
  });
}

export async function run(ctx: Ctx): Promise<number> {
  const texts = positionals(ctx, 2, Infinity, 'at least two models');
  const engine = await openEngine(ctx);
  const models = texts.map((t) => requestOf(ctx, engine, t));
  const rel = relationsOf(engine, 'baseline');
  if (ctx.options.explain) return printExplanation(ctx, explainFold(engine, rel, models));
  const { model } = valueOf(engine, rel.baselineAll(models, 'as-given'));
  if (modelFormat(ctx) !== 'text') return print(ctx, formattedAnswer(ctx, engine, model));
  return print(ctx, ctx.json ? [toJson({ model })] : modelLines(ctx, engine, model));
}
