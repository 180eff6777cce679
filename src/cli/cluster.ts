import { decompose, type ArchEngine, type ModelInfo } from '../index.js';
import { FORMAT_HELP, formattedAnswer, modelFormat } from './model-format.js';
import { positionals, print, type Ctx } from './context.js';
import { printExplanation } from './explain-view.js';
import { toJson } from './json.js';
import { modelLines } from './model-view.js';
import { environmentEngine, hostsOf, valueOf } from './session.js';

export const help = `usage: cpumodel cluster ENV [ENV ...] [--explain] [--depth N]

The CPU model that runs on every host of a cluster (one host or more): the
baseline of all the environments' host models (query-cpu-model-baseline,
folded), printed as a static expansion. When that model breaks feature
dependencies (QEMU warns about them when a VM starts, on every host alike),
says so and proposes a model that runs everywhere and breaks none.
--explain says which host removed which feature and why (the rule behind it),
what the baseline itself removed, and the dependency problems. --json prints
{model, warnings, proposal, explanation}.

${FORMAT_HELP} (the proposal when there is one)`;

/** A model as a `-cpu` string that rebuilds it exactly (group and member settings in an order that keeps their meaning). */
function specOf(engine: ArchEngine, info: ModelInfo): string {
  return decompose(engine, info)?.spec ?? JSON.stringify(info);
}

export async function run(ctx: Ctx): Promise<number> {
  const names = positionals(ctx, 1, Infinity, 'one or more environments');
  const engines = [];
  for (const name of names) engines.push(await environmentEngine(ctx, name));
  const [first, ...rest] = engines;
  const answer = valueOf(first!, hostsOf(first!).cluster(rest));
  if (ctx.options.explain) return printExplanation(ctx, [answer.explanation]);
  if (ctx.json) return print(ctx, [toJson(answer)]);
  // A model to use: the proposal when the baseline breaks dependencies.
  if (modelFormat(ctx) !== 'text') return print(ctx, formattedAnswer(ctx, first!, answer.proposal ?? answer.model));
  const { yellow } = ctx.color;
  const problems = answer.warnings.length === 0 ? [] : [
    ...answer.warnings.map((w) => yellow(`warning: ${w}`)),
    `the model breaks ${answer.warnings.length} dependenc${answer.warnings.length === 1 ? 'y' : 'ies'} on every host (QEMU warns when a VM starts; --explain says which host lacks what)`,
    ...(answer.proposal ? [`proposed: switch off ${answer.drop.join(' ')}: runs on every host and breaks no dependency`, `  ${specOf(first!, answer.proposal)}`]
      : ['no proposal: switching off what needs the missing features does not give a model that runs on every host']),
  ];
  return print(ctx, [...modelLines(ctx, first!, answer.model), ...problems]);
}
