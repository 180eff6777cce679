import type { ArchEngine, Listing } from '../index.js';
import type { Palette } from './color.js';
import { print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { toJson } from './json.js';
import { valueOf } from './session.js';
import { table, wrap, type Cell } from './table.js';

/** A header row in bold. */
export const header = (c: Palette, names: readonly string[]): Cell[] => names.map((text) => ({ text, paint: c.bold }));

export const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** An engine's listing of a kind, or a usage error naming the kinds the architecture has. */
export function listingOf(engine: ArchEngine, kind: string, options: { model?: string } = {}): Listing {
  const r = engine.listing(kind, options);
  if (r === null) throw usageError(`${engine.arch.name} has no ${kind}`, `listings of ${engine.arch.name}: ${engine.arch.listings.join(', ')}`);
  return valueOf(engine, r);
}

/** A listing as a table (with a detail line under each row where it has them), or JSON. */
export function printListing(ctx: Ctx, listing: Listing): number {
  if (ctx.json) return print(ctx, [toJson(listing.json)]);
  const lines = table([header(ctx.color, listing.columns), ...listing.rows], { right: listing.right, width: listing.wrapLast ? ctx.width : undefined });
  if (!listing.details) return print(ctx, lines);
  const details = listing.details.map((d) => wrap(d, ctx.width - 4).map((l) => `    ${ctx.color.dim(l)}`));
  return print(ctx, [lines[0]!, ...lines.slice(1).flatMap((line, i) => [line, ...details[i]!])]);
}
