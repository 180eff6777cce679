import type { ExpansionType } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { toJson } from './json.js';
import { deprecatedLines, modelLines } from './model-view.js';
import { openEngine, valueOf } from './session.js';
import { requestOf } from './model-arg.js';
import { FORMAT_HELP, formattedModel, modelFormat } from './model-format.js';

export const help = `usage: cpumodel expand MODEL [--type static|full] [--format libvirt|cpu-spec [--features]]

Expand MODEL like query-cpu-model-expansion. MODEL uses QEMU's -cpu syntax:
NAME[,PROP=VALUE|+PROP|-PROP|PROP]..., applied left to right (VALUE: on/off,
yes/no, true/false, y/n, or text for properties that are not booleans).
MODEL may also be libvirt's CPU XML: a file (a path with a \`/\` or ending in
.xml) or \`-\` for standard input, holding a <cpu> or a domain XML with one.

  --type static   the <definition>-base model plus the props that differ (default)
  --type full     every property, enabled ones first
${FORMAT_HELP}`;

function expansionType(value: unknown): ExpansionType {
  if (value === undefined || value === 'static' || value === 'full') return value ?? 'static';
  throw usageError(`invalid --type \`${String(value)}\``, 'use `--type static` or `--type full`');
}

export async function run(ctx: Ctx): Promise<number> {
  const [text] = positionals(ctx, 1, 1, 'MODEL');
  const type = expansionType(ctx.options.type);
  const engine = await openEngine(ctx);
  const req = requestOf(ctx, engine, text);
  if (modelFormat(ctx) !== 'text') {
    const { model } = valueOf(engine, engine.expand(req, 'static', 'as-given'));
    return print(ctx, formattedModel(ctx, engine, model, req.name));
  }
  const info = valueOf(engine, engine.expand(req, type, 'as-given'));
  if (ctx.json) return print(ctx, [toJson(info)]);
  return print(ctx, [...modelLines(ctx, engine, info.model), ...deprecatedLines(ctx, info['deprecated-props'])]);
}
