import { renderTree, type Because } from '../index.js';
import { print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { toJson } from './json.js';

/** `--depth N`: how deep explanation trees are printed (default: all). */
export function depth(ctx: Ctx): number {
  const raw = ctx.options.depth;
  if (raw === undefined) return Infinity;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw usageError(`invalid depth \`${String(raw)}\``, 'give a whole number, e.g. `--depth 2`');
  return n;
}

/** An explanation as an indented tree, or as JSON with --json. */
export function printExplanation(ctx: Ctx, trees: readonly Because[]): number {
  if (ctx.json) return print(ctx, [toJson(trees.length === 1 ? trees[0] : trees)]);
  const d = depth(ctx);
  return print(ctx, trees.map((t) => renderTree(t, d)).join('\n\n').split('\n'));
}
