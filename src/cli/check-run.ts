import type { RunVerdict } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { openEngine, valueOf } from './session.js';
import { requestOf } from './model-arg.js';

export const help = `usage: cpumodel check-run MODEL [--env ENV]

Can a VM start with \`-cpu MODEL\` in the environment (default: TCG), exactly as
asked? Prints what QEMU would print when it realizes the CPU (warnings, then
the error), and the unavailable features. Runnable means the CPU starts with
every requested feature: where QEMU would start anyway and drop them, the
error is the one it gives under enforce=on. Exit status 1 when it cannot run.
\`cpumodel lint-model MODEL\` lists the fixes; \`cpumodel definitions --explain\`
says why each feature is missing.`;

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
  const engine = await openEngine(ctx);
  const req = requestOf(ctx, engine, model);
  const verdict = valueOf(engine, engine.checkRun(req));
  print(ctx, ctx.json ? [toJson(verdict)] : verdictLines(verdict));
  return verdict.runnable ? 0 : 1;
}
