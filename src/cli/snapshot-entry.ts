/**
 * The warm-start snapshot's entry (README "Cold start"): bundled into
 * dist/bundle/cli.cjs by scripts/bundle.mjs.
 *
 * Built as a snapshot (`node --snapshot-blob B --build-snapshot cli.cjs`, by
 * `cpumodel snapshot`), it loads the CLI, answers a few queries to compile
 * its code, and keeps every architecture's built-in rules compiled and
 * solved for the newest profile. Their sources and AST are dropped (read
 * again on first use): a smaller heap starts faster.
 *
 * Started from the snapshot (`node --snapshot-blob B ARGS`, by bin/cpumodel),
 * it first checks that the warm rules still stand for the files: the same
 * rule files, each of the same size and modification time, named as this
 * working directory names them. If not, the warm rules are forgotten and
 * read again (from the rule cache, or parsed), and a fresh snapshot is built
 * in the background for the next run.
 *
 * Run as a plain script (`node dist/bundle/cli.cjs ARGS`) it is the CLI.
 */
import { statSync } from 'node:fs';
import { startupSnapshot } from 'node:v8';
import { builtinRules, displayName, forgetBuiltinRules, openRules, targetNames } from '../index.js';
import { builtinRuleDirs, listRuleFiles } from '../load/load.js';
import { main, runProcess } from './main.js';
import { scheduleSnapshot, snapshotMode } from './snapshot-build.js';

/** Has the bundle required its parsers (scripts/bundle.mjs defines it)? */
declare function __cpumodelStagesLoaded(): boolean;

/** What the warm rules were made from: each rule file's path, size and time, and how the working directory names it. */
interface FileStamp { path: string; size: number; mtimeMs: number; name: string }

function stamps(): FileStamp[] {
  return listRuleFiles(targetNames().flatMap((arch) => builtinRuleDirs(arch))).files.map((path) => {
    const s = statSync(path);
    return { path, size: s.size, mtimeMs: s.mtimeMs, name: displayName(path) };
  });
}

/** Do the warm rules still stand for the files: `same`, `renamed` (another working directory names them otherwise) or `changed`. */
function compare(warm: readonly FileStamp[]): 'same' | 'renamed' | 'changed' {
  let now: FileStamp[];
  try {
    now = stamps();
  } catch {
    return 'changed';
  }
  const same = (s: FileStamp, w: FileStamp) => s.path === w.path && s.size === w.size && s.mtimeMs === w.mtimeMs;
  if (now.length !== warm.length || !now.every((s, i) => same(s, warm[i]!))) return 'changed';
  return now.every((s, i) => s.name === warm[i]!.name) ? 'same' : 'renamed';
}

/** Quiet output for the warm-up queries. */
const QUIET = { out: () => undefined, err: () => undefined, isTTY: false, env: {} };

/** Queries that run the common paths once, so that their code is compiled in the snapshot. */
const WARM_UP: readonly (readonly string[])[] = [['compare', 'z13', 'z14'], ['compare', 'Westmere', 'Haswell']];

async function buildSnapshot(): Promise<void> {
  // Stamped before the rules are read: a file edited meanwhile is newer than its stamp, so read again at run time.
  const warm = stamps();
  for (const args of WARM_UP) await main(args, QUIET);
  for (const arch of targetNames()) {
    const rs = builtinRules(arch);
    if (!rs.ok || 'diagnostics' in rs.engine()) continue;
    rs.detach(() => openRules(undefined, arch));
  }
  // A module required from a file (the parsers, when the rule cache missed) cannot be in a snapshot: node would fail to start from it.
  if (__cpumodelStagesLoaded()) throw new Error('the warm-up parsed the rules (the rule cache is off or could not be written): no snapshot');
  const mode = snapshotMode();
  startupSnapshot.setDeserializeMainFunction(() => {
    const state = compare(warm);
    if (state !== 'same') forgetBuiltinRules();
    // After the answer: the build must not compete with this run.
    if (state === 'changed') process.once('exit', () => scheduleSnapshot(mode));
    if (process.env.CPUMODEL_SNAPSHOT === 'trace') process.stderr.write(`cpumodel: ${TRACE[state]}\n`);
    void runProcess(process.argv.slice(1));
  });
}

const TRACE = {
  same: 'the warm rules are current',
  renamed: 'this folder names the rule files otherwise: rules read again',
  changed: 'the rule files changed: rules read again, a fresh snapshot is being built',
} as const;

if (startupSnapshot.isBuildingSnapshot()) void buildSnapshot();
else void runProcess();
