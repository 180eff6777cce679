import type { Engine, ModelInfo } from '../index.js';
import type { Ctx } from './context.js';
import { describe } from './session.js';
import { table } from './table.js';

/** The model name, then one row per prop: `+name`/`-name` and its description. */
export function modelLines(ctx: Ctx, engine: Engine, info: ModelInfo): string[] {
  const { green, red, bold } = ctx.color;
  const props = Object.entries(info.props ?? {});
  if (props.length === 0) return [bold(info.name), '  (no props: exactly the base model)'];
  const rows = props.map(([name, on]) => [{ text: `${on ? '+' : '-'}${name}`, paint: on ? green : red }, describe(engine, name)]);
  return [bold(info.name), ...table(rows, { indent: '  ', width: ctx.width })];
}

/** `deprecated props:` when the profile reports them. */
export function deprecatedLines(ctx: Ctx, list: readonly string[] | undefined): string[] {
  if (list === undefined) return [];
  return [`deprecated props: ${list.length > 0 ? list.map(ctx.color.yellow).join(', ') : 'none'}`];
}
