import { environmentNames } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { table } from './table.js';
import { environmentEngine } from './environment.js';

export const help = `usage: cpumodel environments

The built-in environments (models/environments/) with their host model.`;

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const rows: string[][] = [];
  for (const name of environmentNames()) {
    const env = (await environmentEngine(ctx, name)).options.environment!;
    const host = env.host ? `${env.host.def.name} (${env.host.features.count()} features)` : 'none (TCG)';
    rows.push([name, host, env.env.description]);
  }
  if (ctx.json) return print(ctx, [toJson(rows.map(([name, host, description]) => ({ name, host, description })))]);
  return print(ctx, table([['name', 'host model', 'description'], ...rows]));
}
