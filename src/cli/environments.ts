import { environmentNames } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { table } from './table.js';
import { archOption, environmentEngine, hostsOf, loadRules } from './session.js';

export const help = `usage: cpumodel environments

The built-in environments (models/<arch>/environments/) with their host model; an environment
its own rules make impossible is listed with the reason.`;

/** Why an environment's own rules make it impossible, if they do (listed, not an error). */
async function impossibility(ctx: Ctx, name: string): Promise<string | undefined> {
  const r = await loadRules(ctx).withEnvironment(name, ctx.profile);
  return 'diagnostics' in r ? r.diagnostics.find((d) => d.code === 'env/impossible-environment')?.message : undefined;
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const rows: string[][] = [];
  for (const name of environmentNames(archOption(ctx) ?? loadRules(ctx).target.info.name)) {
    const impossible = await impossibility(ctx, name);
    if (impossible) {
      rows.push([name, 'none (impossible)', impossible]);
      continue;
    }
    const hosts = hostsOf(await environmentEngine(ctx, name));
    const model = hosts.hostModel('full');
    const count = Object.values(model?.props ?? {}).filter((v) => v === true).length;
    rows.push([name, model ? `${model.name.replace(/-base$/, '')} (${count} features)` : 'none (TCG)', hosts.description()]);
  }
  if (ctx.json) return print(ctx, [toJson(rows.map(([name, host, description]) => ({ name, host, description })))]);
  return print(ctx, table([['name', 'host model', 'description'], ...rows]));
}
