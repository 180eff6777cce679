import { positionals, print, type Ctx } from './context.js';
import { printExplanation } from './explain-view.js';
import { toJson } from './json.js';
import { header, yesNo } from './listing.js';
import { openEngine } from './session.js';
import { table } from './table.js';

export const help = `usage: cpumodel definitions

The CPU models like query-cpu-definitions: static, migration-safe, and what
keeps each from running on the accelerator's maximum model (\`runnable\` when
nothing does). --json prints the list QEMU returns. --explain says why each
unavailable feature is unavailable (what the maximum model lacks, and the
rule that says so).`;

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  const list = engine.definitions();
  if (ctx.options.explain) return printExplanation(ctx, list.map((d) => engine.explainUnavailable(d.name)!));
  if (ctx.json) return print(ctx, [toJson(list)]);
  const { green, yellow } = ctx.color;
  const rows = list.map((d) => {
    const n = d['unavailable-features'].length;
    const unavailable = n === 0 ? { text: 'runnable', paint: green } : { text: String(n), paint: yellow };
    return [d.name, yesNo(d.static), yesNo(d['migration-safe']), unavailable, engine.describeModel(d.name)];
  });
  return print(ctx, table([header(ctx.color, ['name', 'static', 'migration-safe', 'unavailable', 'description']), ...rows]));
}
