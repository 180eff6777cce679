import type { Engine } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { header } from './listing.js';
import { openEngine } from './session.js';
import { table, wrap } from './table.js';

export const help = `usage: cpumodel groups

The feature groups: name, number of members, description, and the members
(a group is a property that sets or clears all its members at once).`;

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  const list = engine.rules.groups.map((g) => ({ name: g.name, description: g.desc, members: memberNames(engine, g.members) }));
  if (ctx.json) return print(ctx, [toJson(list)]);
  const rows = list.map((g) => [g.name, String(g.members.length), g.description]);
  const lines = table([header(ctx.color, ['name', 'members', 'description']), ...rows], { right: [1] });
  const members = list.map((g) => wrap(g.members.join(', '), ctx.width - 4).map((l) => `    ${ctx.color.dim(l)}`));
  return print(ctx, [lines[0]!, ...lines.slice(1).flatMap((line, i) => [line, ...members[i]!])]);
}

const memberNames = (engine: Engine, members: readonly number[]) => members.map((i) => engine.rules.features[i]!.name);
