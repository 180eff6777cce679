import type { ArchEngine, ModelInfo } from '../index.js';
import type { Ctx } from './context.js';
import { toJson } from './json.js';
import { table, type Cell } from './table.js';

/** One prop: `+name`/`-name` for a feature, `name=value` for any other property. */
function propCell(ctx: Ctx, name: string, value: unknown): Cell {
  if (value === true) return { text: `+${name}`, paint: ctx.color.green };
  if (value === false) return { text: `-${name}`, paint: ctx.color.red };
  return `${name}=${typeof value === 'string' ? value : toJson(value)}`;
}

/** The model name, then one row per prop with its description. */
export function modelLines(ctx: Ctx, engine: ArchEngine, info: ModelInfo): string[] {
  const props = Object.entries(info.props ?? {});
  if (props.length === 0) return [ctx.color.bold(info.name), '  (no props: exactly the base model)'];
  const rows = props.map(([name, value]) => [propCell(ctx, name, value), engine.describeProperty(name)]);
  return [ctx.color.bold(info.name), ...table(rows, { indent: '  ', width: ctx.width })];
}

/** `deprecated props:` when the profile reports them. */
export function deprecatedLines(ctx: Ctx, list: readonly string[] | undefined): string[] {
  if (list === undefined) return [];
  return [`deprecated props: ${list.length > 0 ? list.map(ctx.color.yellow).join(', ') : 'none'}`];
}
