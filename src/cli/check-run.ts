import { checkRun, type RunVerdict } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { toJson } from './json.js';
import { openEngine, valueOf } from './session.js';
import { parseModelSpec } from './spec.js';

export const help = `usage: cpumodel check-run MODEL --env ENV

Can a VM start with \`-cpu MODEL\` in the environment? Prints what QEMU would
print when it realizes the CPU (dependency warnings, then the error if the
generation, GA or features are more than the host model has) and the
unavailable features. Exit status 1 when it cannot run.
\`cpumodel definitions --explain --env ENV\` says why each feature is missing.`;

export function verdictLines(v: RunVerdict): string[] {
  return [
    ...v.warnings.map((w) => `warning: ${w}`),
    v.runnable ? `runs on ${v.environment}` : `cannot run on ${v.environment}: ${v.error?.trimEnd()}`,
    ...(v.hint ? [v.hint] : []),
    ...(v.unavailable.length ? [`unavailable: ${v.unavailable.join(' ')}`] : []),
  ];
}

export async function run(ctx: Ctx): Promise<number> {
  const [model] = positionals(ctx, 1, 1, 'MODEL') as [string];
  if (typeof ctx.options.env !== 'string') throw usageError('check-run needs `--env ENV`', 'e.g. `--env z15-lpar`');
  const spec = parseModelSpec(model);
  const engine = await openEngine(ctx);
  const verdict = valueOf(engine, checkRun(engine, { name: spec.name, props: spec.props }));
  print(ctx, ctx.json ? [toJson(verdict)] : verdictLines(verdict));
  return verdict.runnable ? 0 : 1;
}
