import { createQmpSession } from '../server/qmp-server.js';
import { serveQmp } from '../server/stdio.js';
import { positionals, type Ctx } from './context.js';
import { openEngine } from './session.js';
import { readFileSync } from 'node:fs';

export const help = `usage: cpumodel qmp [--arch ARCH] [--profile qemu-7.2|qemu-10.0] [--machine NAME] [--env ENV] [--x-relations]

Speak QMP on stdin/stdout like \`qemu-system-ARCH -machine none -nodefaults
-nographic -accel tcg -qmp stdio\`: the greeting, capability negotiation, the
CPU-model queries that QEMU has for the architecture (where it has no
comparison or baseline: CommandNotFound, as in QEMU), query-version,
query-commands, quit, and the extension command x-cpumodel-explain. Errors
are QEMU's, byte for byte. With --machine NAME the CPU-model answers are
those of \`-machine NAME\` (see \`cpumodel machines\`). --x-relations adds, where QEMU
has no comparison or baseline, cpumodel's own as x-query-cpu-model-comparison and
x-query-cpu-model-baseline (listed by query-commands only then).`;

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const session = createQmpSession(engine, `cpumodel ${pkg.version} (${engine.profile.name} rules)`, { xRelations: ctx.options['x-relations'] === true });
  await serveQmp(session, process.stdin, process.stdout);
  return 0;
}
