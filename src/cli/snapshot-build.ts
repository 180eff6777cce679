/**
 * Building the warm-start snapshot (README "Cold start"; src/cli/snapshot-entry.ts).
 *
 * A snapshot is a V8 startup blob of dist/bundle/cli.cjs with the built-in
 * rules warm. Source names in answers depend on the working directory
 * (`rules/s390x/…` in the package, absolute paths elsewhere), so there are
 * two, by mode: `root` (run in the package) and `away` (run anywhere else).
 * A blob fits one node binary only, so its name carries that binary's inode,
 * size and modification time; bin/cpumodel computes the same name.
 *
 * Place: the rule cache's folder (src/cache/rules-cache.ts), as
 * `snapshot-MODE-INODE-SIZE-MTIME.blob`. Built into a temporary file and
 * renamed: a reader sees the old blob or the new one, never a part (a
 * truncated blob would crash node). One build at a time per blob: a lock
 * file, given up after LOCK_STALE_MS.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../cache/rules-cache.js';
import { packageDir, targetNames } from '../index.js';

export type SnapshotMode = 'root' | 'away';
export const SNAPSHOT_MODES: readonly SnapshotMode[] = ['root', 'away'];

const LOCK_STALE_MS = 120_000;

/** `root` when the working directory is the package's root, else `away`. */
export function snapshotMode(cwd = process.cwd()): SnapshotMode {
  try {
    return realpathSync(cwd) === realpathSync(packageDir('.')) ? 'root' : 'away';
  } catch {
    return 'away';
  }
}

export function bundlePath(): string {
  return packageDir('dist/bundle/cli.cjs');
}

/** The blob of a mode for this node binary, or null when caching is off (CPUMODEL_CACHE=off, CPUMODEL_SNAPSHOT=off). */
export function blobPath(mode: SnapshotMode, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = cacheDir(env);
  if (dir === null || env.CPUMODEL_SNAPSHOT === 'off') return null;
  const node = statSync(process.execPath);
  return join(dir, `snapshot-${mode}-${node.ino}-${node.size}-${Math.floor(node.mtimeMs / 1000)}.blob`);
}

/** Is the blob there and newer than the bundle (as bin/cpumodel decides)? */
export function isCurrent(blob: string): boolean {
  try {
    return statSync(blob).mtimeMs > statSync(bundlePath()).mtimeMs;
  } catch {
    return false;
  }
}

/** The folder a mode's snapshot is built in: where source names come out as that mode's runs see them. */
function buildCwd(mode: SnapshotMode, dir: string): string {
  return mode === 'root' ? packageDir('.') : dir;
}

export interface BuildResult { blob: string; built: boolean; reason?: string; ms?: number }

/** Builds a mode's blob (unless another process is building it); throws when node fails to. */
export function buildSnapshot(mode: SnapshotMode): BuildResult {
  const blob = blobPath(mode);
  if (blob === null) return { blob: '', built: false, reason: 'the cache is off (CPUMODEL_CACHE=off or CPUMODEL_SNAPSHOT=off)' };
  if (!existsSync(bundlePath())) return { blob, built: false, reason: `${bundlePath()} is missing: run \`npm run build\`` };
  const dir = join(blob, '..');
  mkdirSync(dir, { recursive: true });
  const lock = `${blob}.lock`;
  if (!takeLock(lock)) return { blob, built: false, reason: 'another build is running' };
  const tmp = `${blob}.${process.pid}.tmp`;
  try {
    const t = performance.now();
    // The rule cache first, so that the snapshot's warm-up finds the rules parsed and holds no parser.
    for (const target of targetNames()) node(['--no-warnings', bundlePath(), 'definitions', '--arch', target], mode, dir);
    node(['--no-warnings', '--snapshot-blob', tmp, '--build-snapshot', bundlePath()], mode, dir);
    renameSync(tmp, blob);
    removeOthers(dir, mode, blob);
    return { blob, built: true, ms: performance.now() - t };
  } finally {
    rmSync(tmp, { force: true });
    rmSync(lock, { force: true });
  }
}

/** Runs node in a mode's folder; throws when it fails. */
function node(args: readonly string[], mode: SnapshotMode, dir: string): void {
  const r = spawnSync(process.execPath, args, { cwd: buildCwd(mode, dir), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`building the snapshot failed: node ${args.join(' ')}: ${r.error?.message ?? `exit ${r.status}`}: ${r.stderr?.toString().trim()}`);
}

function takeLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs < LOCK_STALE_MS) return false;
      rmSync(lock, { force: true });
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch {
      return false;
    }
  }
}

/** Blobs of this mode made for other node binaries. */
function removeOthers(dir: string, mode: SnapshotMode, keep: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith(`snapshot-${mode}-`) && name.endsWith('.blob') && path !== keep) rmSync(path, { force: true });
  }
}

/** Builds a mode's blob in a detached process (`cpumodel snapshot --mode MODE`), for the next run. */
export function scheduleSnapshot(mode: SnapshotMode): void {
  if (blobPath(mode) === null) return;
  try {
    spawn(process.execPath, [packageDir('bin/cpumodel.js'), 'snapshot', '--mode', mode], { detached: true, stdio: 'ignore', cwd: packageDir('.') }).unref();
  } catch {
    /* the next run tries again */
  }
}
