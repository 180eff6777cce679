import { printExplanation } from './explain-view.js';
import { positionals, print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { toJson } from './json.js';
import { modelLines } from './model-view.js';
import { environmentEngine, hostsOf } from './session.js';
import { FORMAT_HELP, formattedModel, modelFormat } from './model-format.js';

export const help = `usage: cpumodel host ENV [--type static|full]
       cpumodel host import FILE [--out ENV.yaml] [--qemu VERSION]

The host model of an environment (a built-in name or a .yaml file) as QEMU
computes it under KVM: the definition its cpu type and IBC select, and the
features the hardware and the layers below offer. Same output as
\`cpumodel expand host --env ENV\`; \`cpumodel explain host FEATURE --env ENV\`
says why a feature is there or not; --explain lists every difference between
the hardware and the host model with the environment rule and facts behind it.
\`cpumodel host import --help\` describes reading a real host's dump.

${FORMAT_HELP} (of the static host model)`;

export async function run(ctx: Ctx): Promise<number> {
  if (ctx.args[0] === 'import') return (await import('./host-import.js')).run(ctx);
  const [name] = positionals(ctx, 1, 1, 'an environment') as [string];
  const engine = await environmentEngine(ctx, name);
  const hosts = hostsOf(engine);
  const type = ctx.options.type ?? 'static';
  if (type !== 'static' && type !== 'full') throw usageError(`invalid --type \`${String(type)}\``, 'use static or full');
  const info = hosts.hostModel(type);
  if (!info) throw usageError(`environment \`${name}\` has no host model (it is not KVM)`);
  if (ctx.options.explain) return printExplanation(ctx, [hosts.explainHost()!]);
  if (modelFormat(ctx) !== 'text') return print(ctx, formattedModel(ctx, engine, hosts.hostModel('static')!));
  return print(ctx, ctx.json ? [toJson({ model: info })] : modelLines(ctx, engine, info));
}
