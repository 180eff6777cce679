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

/** An answer that lists every feature (full expansions, x86 static ones) is shown without the features that are off. */
const COMPLETE = 60;

/**
 * The model name, then one row per prop with its description. A complete
 * answer (more than COMPLETE features, most of them off) shows the other
 * properties and the features that are on, then how many are off.
 */
export function modelLines(ctx: Ctx, engine: ArchEngine, info: ModelInfo): string[] {
  const props = Object.entries(info.props ?? {});
  if (props.length === 0) return [ctx.color.bold(info.name), '  (no props: exactly the base model)'];
  const off = props.filter(([, v]) => v === false);
  const complete = props.filter(([, v]) => typeof v === 'boolean').length > COMPLETE && off.length > props.length / 2;
  const shown = complete ? [...props.filter(([, v]) => typeof v !== 'boolean'), ...props.filter(([, v]) => v === true)] : props;
  const rows = shown.map(([name, value]) => [propCell(ctx, name, value), engine.describeProperty(name)]);
  const tail = complete ? [`  (${off.length} features off; --json shows every property)`] : [];
  return [ctx.color.bold(info.name), ...table(rows, { indent: '  ', width: ctx.width }), ...tail];
}

/** `deprecated props:` when the profile reports them. */
export function deprecatedLines(ctx: Ctx, list: readonly string[] | undefined): string[] {
  if (list === undefined) return [];
  return [`deprecated props: ${list.length > 0 ? list.map(ctx.color.yellow).join(', ') : 'none'}`];
}
