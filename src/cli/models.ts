import type { Engine } from '../index.js';
import type { ModelClass } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { header, hex } from './listing.js';
import { openEngine } from './session.js';
import { table } from './table.js';

export const help = `usage: cpumodel models

Every CPU model name with its definition, generation.GA, cpu type, and the
sizes of the definition's base, default and full feature sets (default: as
the chosen --machine leaves it).`;

function summary(engine: Engine, m: ModelClass) {
  const sets = engine.solution.sets[m.def.level]!;
  return {
    name: m.name, definition: m.def.name, gen: m.def.gen, ga: m.def.ga, 'cpu-type': m.def.cpuType,
    base: sets.base.count(), default: defaultCount(engine, m), full: sets.full.count(), description: m.desc,
  };
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  const list = [...engine.catalog.values()].map((m) => summary(engine, m));
  if (ctx.json) return print(ctx, [toJson(list)]);
  const rows = list.map((m) => [m.name, m.definition, `${m.gen}.${m.ga}`, hex(m['cpu-type']),
    String(m.base), String(m.default), String(m.full), m.description]);
  const head = header(ctx.color, ['name', 'definition', 'gen.GA', 'cpu type', 'base', 'default', 'full', 'description']);
  return print(ctx, table([head, ...rows], { right: [4, 5, 6] }));
}

/** The definition's default set on the chosen machine (featoffs removed). */
function defaultCount(engine: Engine, m: ModelClass): number {
  return engine.catalog.get(m.def.name)?.initial.count() ?? engine.solution.sets[m.def.level]!.default.count();
}
