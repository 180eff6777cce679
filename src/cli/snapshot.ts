import { statSync } from 'node:fs';
import { positionals, print, type Ctx } from './context.js';
import { usageError } from './errors.js';
import { buildSnapshot, isCurrent, snapshotFiles, SNAPSHOT_MODES, type SnapshotMode } from './snapshot-build.js';

export const help = `usage: cpumodel snapshot [--mode root|away] [--status]

Builds the warm-start snapshots that bin/cpumodel starts from (README "Cold start"): the CLI
with the built-in rules compiled, for this node binary. \`root\` serves runs in the package's
folder, \`away\` runs anywhere else (source names differ); default: both. bin/cpumodel builds
a missing or outdated one in the background by itself; \`npm run build\` builds both.
--status only says whether each is current.`;

function modes(ctx: Ctx): readonly SnapshotMode[] {
  const mode = ctx.options.mode;
  if (mode === undefined) return SNAPSHOT_MODES;
  if (!SNAPSHOT_MODES.includes(mode as SnapshotMode)) throw usageError(`unknown mode \`${String(mode)}\``, `modes: ${SNAPSHOT_MODES.join(', ')}`);
  return [mode as SnapshotMode];
}

function status(mode: SnapshotMode): string {
  const files = snapshotFiles(mode);
  if (files === null) return `${mode}: off (CPUMODEL_CACHE=off or CPUMODEL_SNAPSHOT=off)`;
  if (!isCurrent(mode)) return `${mode}: outdated or missing (${files.blob})`;
  return `${mode}: current, ${(statSync(files.blob).size / 1e6).toFixed(1)} MB (${files.blob})`;
}

export function run(ctx: Ctx): number {
  positionals(ctx, 0, 0, 'no arguments');
  if (ctx.options.status === true) return print(ctx, modes(ctx).map(status));
  const lines = modes(ctx).map((mode) => {
    const r = buildSnapshot(mode);
    return r.built ? `${mode}: built in ${Math.round(r.ms!)} ms (${r.blob})` : `${mode}: not built: ${r.reason}`;
  });
  return print(ctx, lines);
}
