import { renderTree, type MissingReason, type ModelInfo, type RunFix, type RunVerdict } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { depth } from './explain-view.js';
import { toJson } from './json.js';
import { wrap } from './table.js';
import { openEngine, valueOf } from './session.js';
import { requestOf } from './model-arg.js';

export const help = `usage: cpumodel check-run MODEL [--env ENV] [--explain] [--depth N]

Can a VM start with \`-cpu MODEL\` in the environment (default: TCG), exactly as
asked? Prints what QEMU would print when it realizes the CPU (warnings, then
the error). Runnable means the CPU starts with every requested feature: where
QEMU would start anyway and drop them, the error is the one it gives under
enforce=on. When it cannot run: each missing feature once, grouped by the
reason that removes it (the generation, an environment rule, the export
regulation of CPACF, the environment's explicit facts, TCG) with the deciding
rule, and a fix: the closest model that runs there (the baseline of MODEL with
the host model) and the smallest set of props to switch off. --explain adds
the facts behind each reason. Exit status 1 when it cannot run.`;

/** A model as `-cpu` text: name, then its props. */
function specOf(info: ModelInfo): string {
  const props = Object.entries(info.props ?? {}).map(([k, v]) => `${k}=${v === true ? 'on' : v === false ? 'off' : String(v)}`);
  return [info.name, ...props].join(',');
}

function fixLines(fix: RunFix): string[] {
  const lines = fix.closest ? [`fix: the closest model that runs there: ${specOf(fix.closest)}`] : [];
  const lead = lines.length ? '  or' : 'fix:';
  if (fix.drop && fix.spec) lines.push(`${lead} switch off ${fix.drop.length} prop${fix.drop.length === 1 ? '' : 's'}: ${fix.spec}`);
  else lines.push(`${lead} no set of props helps (a reason above is not a property)`);
  return lines;
}

/** Without reasons (an architecture that cannot say): QEMU's error and the unavailable list. */
function plainLines(v: RunVerdict): string[] {
  return [
    v.runnable ? `runs on ${v.environment}` : `cannot run on ${v.environment}: ${v.error?.trimEnd()}`,
    ...(v.hint ? [v.hint] : []),
    ...(v.unavailable.length ? [`unavailable: ${v.unavailable.join(' ')}`] : []),
  ];
}

/** Each reason once: what removes the features, the deciding rule, then the features (wrapped). */
function reasonLines(ctx: Ctx, reasons: readonly MissingReason[]): string[] {
  return reasons.flatMap((r) => [
    `${ctx.color.yellow(r.label)}: ${r.features.length} missing, ${r.reason}`,
    ...(r.rule ? [`  rule: ${r.rule.id} @ ${r.rule.at}`] : []),
    ...wrap(r.features.join(' '), Math.max(40, ctx.width - 4)).map((l) => `    ${l}`),
  ]);
}

/** The verdict: QEMU's warnings, then (when it cannot run) the reasons or, with --explain, their tree, and the fix. */
export function verdictLines(ctx: Ctx, v: RunVerdict): string[] {
  const warnings = v.warnings.map((w) => `warning: ${w}`);
  if (!v.explanation || !v.reasons) return [...warnings, ...plainLines(v)];
  const [root, qemu] = renderTree({ ...v.explanation, premises: v.explanation.premises?.slice(0, 1) }).split('\n');
  const body = ctx.options.explain ? renderTree(v.explanation, depth(ctx)).split('\n')
    : [root!, qemu!.replace(/^\u2514\u2500 /, ''), ...reasonLines(ctx, v.reasons)];
  return [...warnings, ...body, ...(v.hint ? [v.hint] : []), ...(v.fix ? fixLines(v.fix) : [])];
}

export async function run(ctx: Ctx): Promise<number> {
  const [model] = positionals(ctx, 1, 1, 'MODEL') as [string];
  const engine = await openEngine(ctx);
  const req = requestOf(ctx, engine, model);
  const verdict = valueOf(engine, engine.checkRun(req));
  print(ctx, ctx.json ? [toJson(verdict)] : verdictLines(ctx, verdict));
  return verdict.runnable ? 0 : 1;
}
