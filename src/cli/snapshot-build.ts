/**
 * Building the warm-start snapshot (README "Cold start"; src/cli/snapshot-entry.ts).
 *
 * A snapshot is a V8 startup blob of dist/bundle/cli.cjs with the built-in
 * rules warm. Source names in answers depend on the working directory
 * (`rules/s390x/…` in the package, absolute paths elsewhere), so there are
 * two, by mode: `root` (run in the package) and `away` (run anywhere else).
 *
 * Place: the rule cache's folder, `snapshot-MODE.blob`, and beside it
 * `snapshot-MODE.node`, the path of the node binary it was made for (as
 * found on PATH). bin/cpumodel decides without starting any process: it
 * uses the blob when that file names the node it finds and the blob is
 * newer than the bundle, that binary and its folder (a replaced binary is a
 * newer file or a rename in its folder). A blob fits one node only (node
 * refuses another's); when PATH's node is not the binary that builds (a
 * version manager's shim), the `.node` file says `-` and the launcher
 * always starts from the code.
 *
 * Written so a reader never sees a part (a truncated blob would crash node):
 * the `.node` file first says `-`, the blob is built into a temporary file
 * and renamed, then the `.node` file is written, each atomically. One
 * build at a time per mode: a lock file, given up after LOCK_STALE_MS.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { cacheDir } from '../cache/rules-cache.js';
import { packageDir, targetNames, writeFileAtomic } from '../index.js';

export type SnapshotMode = 'root' | 'away';
export const SNAPSHOT_MODES: readonly SnapshotMode[] = ['root', 'away'];

const LOCK_STALE_MS = 120_000;

/**
 * node:child_process, loaded on first use: the snapshot's process imports
 * this module, and child_process (with net, dgram and streams) would add
 * ~0.4 MB to every warm start for a rebuild that runs once after an edit.
 */
const childProcess = (): typeof import('node:child_process') => createRequire(import.meta.url)('node:child_process');

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

/** A mode's blob and the file naming its node, or null when caching is off (CPUMODEL_CACHE=off, CPUMODEL_SNAPSHOT=off). */
export function snapshotFiles(mode: SnapshotMode, env: NodeJS.ProcessEnv = process.env): { blob: string; node: string } | null {
  const dir = cacheDir(env);
  if (dir === null || env.CPUMODEL_SNAPSHOT === 'off') return null;
  return { blob: join(dir, `snapshot-${mode}.blob`), node: join(dir, `snapshot-${mode}.node`) };
}

/** The first `node` on PATH, as bin/cpumodel finds it. */
export function nodeOnPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir || '.', 'node');
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Would bin/cpumodel start from this mode's blob (with the node on PATH)? The same tests, in the same order. */
export function isCurrent(mode: SnapshotMode, env: NodeJS.ProcessEnv = process.env): boolean {
  const files = snapshotFiles(mode, env);
  const node = nodeOnPath(env);
  if (!files || !node) return false;
  try {
    const blob = statSync(files.blob).mtimeMs;
    const newer = [bundlePath(), node, join(node, '..')].every((p) => blob > statSync(p).mtimeMs);
    return newer && !compiledSinceBundle() && readFileSync(files.node, 'utf8').split('\n')[0] === node;
  } catch {
    return false;
  }
}

/** The node on PATH when it is this process's binary (not a shim that starts another), else `-`. */
function builtFor(): string {
  const node = nodeOnPath();
  try {
    return node !== undefined && realpathSync(node) === realpathSync(process.execPath) ? node : '-';
  } catch {
    return '-';
  }
}

/** The folder a mode's snapshot is built in: where source names come out as that mode's runs see them. */
function buildCwd(mode: SnapshotMode, dir: string): string {
  return mode === 'root' ? packageDir('.') : dir;
}

export interface BuildResult { blob: string; built: boolean; reason?: string; ms?: number }

/** Builds a mode's blob (unless another process is building it); throws when node fails to. */
export function buildSnapshot(mode: SnapshotMode): BuildResult {
  const files = snapshotFiles(mode);
  if (files === null) return { blob: '', built: false, reason: 'the cache is off (CPUMODEL_CACHE=off or CPUMODEL_SNAPSHOT=off)' };
  if (!existsSync(bundlePath()) && !existsSync(packageDir('scripts/bundle.mjs'))) return { blob: files.blob, built: false, reason: `${bundlePath()} is missing: run \`npm run build\`` };
  const dir = join(files.blob, '..');
  mkdirSync(dir, { recursive: true });
  const lock = `${files.blob}.lock`;
  if (!takeLock(lock)) return { blob: files.blob, built: false, reason: 'another build is running' };
  const tmp = `${files.blob}.${process.pid}.tmp`;
  try {
    const t = performance.now();
    rebundle(mode, dir);
    // The rule cache first, so that the snapshot's warm-up finds the rules parsed and holds no parser.
    for (const target of targetNames()) node(['--no-warnings', bundlePath(), 'definitions', '--arch', target], mode, dir);
    node(['--no-warnings', '--snapshot-blob', tmp, '--build-snapshot', bundlePath()], mode, dir);
    writeFileAtomic(files.node, '-\n', { durable: false });
    renameSync(tmp, files.blob);
    writeFileAtomic(files.node, `${builtFor()}\n`, { durable: false });
    return { blob: files.blob, built: true, ms: performance.now() - t };
  } finally {
    rmSync(tmp, { force: true });
    rmSync(lock, { force: true });
  }
}

/**
 * Bundles again when the ES modules were compiled after the bundle (a
 * checkout where only `tsc` ran), so that the snapshot holds the current
 * code. An installed package has no scripts/: its bundle is what it ships.
 */
function rebundle(mode: SnapshotMode, dir: string): void {
  const script = packageDir('scripts/bundle.mjs');
  if (!existsSync(script)) return;
  if (existsSync(bundlePath()) && !compiledSinceBundle()) return;
  node([script], mode, dir);
}

/** Were the ES modules compiled (tsc) after the bundle was made? Then the bundle holds older code. */
function compiledSinceBundle(): boolean {
  return statSync(packageDir('dist/index.js')).mtimeMs > statSync(bundlePath()).mtimeMs;
}

/** Runs node in a mode's folder; throws when it fails. */
function node(args: readonly string[], mode: SnapshotMode, dir: string): void {
  const r = childProcess().spawnSync(process.execPath, args, { cwd: buildCwd(mode, dir), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 });
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

/** Builds a mode's blob in a detached process (`cpumodel snapshot --mode MODE`), for the next run. */
export function scheduleSnapshot(mode: SnapshotMode): void {
  if (snapshotFiles(mode) === null) return;
  try {
    childProcess().spawn(process.execPath, [packageDir('bin/cpumodel.js'), 'snapshot', '--mode', mode], { detached: true, stdio: 'ignore', cwd: packageDir('.') }).unref();
  } catch {
    /* the next run tries again */
  }
}
