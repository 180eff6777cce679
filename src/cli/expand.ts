import type { ExpansionType } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { toJson } from './json.js';
import { deprecatedLines, modelLines } from './model-view.js';
import { openEngine, valueOf } from './session.js';
import { parseModelSpec } from './spec.js';

export const help = `usage: cpumodel expand MODEL [--type static|full]

Expand MODEL like query-cpu-model-expansion. MODEL uses QEMU's -cpu syntax:
NAME[,PROP=VALUE|+PROP|-PROP|PROP]..., applied left to right (VALUE: on/off,
yes/no, true/false, y/n, or text for properties that are not booleans).

  --type static   the <definition>-base model plus the props that differ (default)
  --type full     every property, enabled ones first`;

function expansionType(value: unknown): ExpansionType {
  if (value === undefined || value === 'static' || value === 'full') return value ?? 'static';
  throw usageError(`invalid --type \`${String(value)}\``, 'use `--type static` or `--type full`');
}

export async function run(ctx: Ctx): Promise<number> {
  const [text] = positionals(ctx, 1, 1, 'MODEL');
  const type = expansionType(ctx.options.type);
  const spec = parseModelSpec(text);
  const engine = await openEngine(ctx);
  const info = valueOf(engine, engine.expand({ name: spec.name, props: spec.props }, type, 'as-given'));
  if (ctx.json) return print(ctx, [toJson(info)]);
  return print(ctx, [...modelLines(ctx, engine, info.model), ...deprecatedLines(ctx, info['deprecated-props'])]);
}
