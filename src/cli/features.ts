import type { Engine } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { toJson } from './json.js';
import { header } from './listing.js';
import { openEngine, valueOf } from './session.js';
import { parseModelSpec } from './spec.js';
import { table, type Cell } from './table.js';

export const help = `usage: cpumodel features [--model NAME]

The CPU features: name, type, bit and group. With --model, also whether
each is in the base, default and full set of that model's definition.`;

function modelName(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const spec = parseModelSpec(String(value));
  if (spec.props.length > 0) throw usageError(`--model takes a model name without props, not \`${String(value)}\``);
  return spec.name;
}

type Sets = { base: boolean; default: boolean; full: boolean };

/** The sets of --model's definition, as a membership test per feature. */
function modelSets(engine: Engine, name: string): (i: number) => Sets {
  const model = valueOf(engine, engine.build({ name }, 'model', 'as-given'));
  const s = engine.sets(model);
  return (i) => ({ base: s.base.has(i), default: s.default.has(i), full: s.full.has(i) });
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const name = modelName(ctx.options.model);
  const engine = await openEngine(ctx);
  const sets = name === undefined ? undefined : modelSets(engine, name);
  const list = engine.rules.features.map((f) => ({
    name: f.name, type: f.type, bit: f.bit, group: f.group < 0 ? null : engine.rules.groups[f.group]!.name,
    description: f.desc, ...sets?.(f.index),
  }));
  if (ctx.json) return print(ctx, [toJson(list)]);
  const mark = (on: boolean | undefined): Cell => (on ? { text: 'x', paint: ctx.color.green } : '-');
  const rows = list.map((f) => [f.name, f.type, String(f.bit), f.group ?? '-', ...(sets ? [mark(f.base), mark(f.default), mark(f.full)] : [])]);
  const names = ['name', 'type', 'bit', 'group', ...(sets ? ['base', 'default', 'full'] : [])];
  return print(ctx, table([header(ctx.color, names), ...rows], { right: [2] }));
}
