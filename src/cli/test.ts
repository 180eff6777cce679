import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  builtinRules, displayName, FileError, listYamlFiles, readTextFile, TARGETS, writeFileAtomic,
  type ArchEngine as Engine, type Diagnostic, type RuleSet, type TextFile,
} from '../index.js';
import { coverage, touchCounts, type Coverage } from '../suite/coverage.js';
import { readSuite, type Case, type SuiteFile } from '../suite/format.js';
import { Progress } from '../suite/progress.js';
import { coverageLines, resultLines, summaryLine } from '../suite/report.js';
import { runOne, suiteProblems, updatesFor, type CaseResult, type EngineFor, type EngineKey } from '../suite/suite.js';
import { applyUpdates } from '../suite/update.js';
import { print, type Ctx } from './context.js';
import { CliError, DiagnosticsError } from './errors.js';
import { unreadable } from './session.js';
import { announce, archOption, builtinLabel, rulesInUse } from './rules-in-use.js';
import { folderSuites } from '../load/folder.js';
import { archOfFile } from '../load/arch.js';

export const help = `usage: cpumodel test [FILES...] [--update] [--coverage]

Run regression suites: YAML files of cases, each a request (expand, compare,
baseline, definitions, explain, lint, check-run; models in -cpu syntax or as
QMP-shaped {name, props} maps; optional profile, machine, env), the expected
answer (\`expect\`) and optionally the rule ids its explanation must cite
(\`reasons\`). FILES are files or directories (default: in a policy folder,
its suites/ against its rules; else the built-in suites of
every architecture, suites/<arch>/, each against its architecture's rules;
given files run against the architecture their path names, or --arch).
A file is a list of cases, or a map with defaults (profile, machine, env) and
\`cases\`. Answers compare as the agreement report does (maps by key, lists
as sets). Two cases with the same request are rejected.

  --update     record the actual answers (and reasons) of failing cases into the
               files, in place (atomic write; comments, layout, line ends, mode and
               symbolic links kept); a file changed while the cases ran is not
               written (error \`write/changed\`, exit 2): run again
  --coverage   per rule id, with the file:line it is written at: how many cases
               exercise it (cited by explanations, or deriving the sets their answers
               start from), or \`never\`; grouped by part of the rules, lines fit the
               terminal (100 columns when not a terminal)

Ends with \`N passed, N failed\`. Exit status: 0 all passed (or all updated),
1 failures, 2 unreadable or malformed suites (duplicates included), or an
update that could not be written.`;

const builtinSuites = (arch: string) => join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'suites', arch);

/** The suite files of the roots (folders: their .yaml files), read; any that cannot be read end the run (exit 2). */
function suiteFiles(roots: readonly string[]): TextFile[] {
  const listing = listYamlFiles(roots, { display: displayName });
  const problems: Diagnostic[] = [...listing.diagnostics];
  const files = listing.files.flatMap((p) => {
    const r = readTextFile(p, displayName(p));
    if ('file' in r) return [r.file];
    problems.push(r.diagnostic);
    return [];
  });
  if (problems.length > 0) throw new DiagnosticsError(problems);
  return files;
}

function engines(rs: RuleSet): { engineFor: EngineFor; used: Engine[] } {
  const cache = new Map<string, Promise<Engine | string>>();
  const open = async (key: EngineKey): Promise<Engine | string> => {
    if (!rs.profiles.includes(key.profile)) return `unknown profile \`${key.profile}\` (known: ${rs.profiles.join(', ')})`;
    const options = key.machine ? { machine: key.machine } : {};
    const r = key.env ? await rs.withEnvironment(key.env, key.profile, options) : rs.engine(key.profile, options);
    return 'engine' in r ? r.engine : r.diagnostics.map((d) => d.message).join('; ');
  };
  const used: Engine[] = [];
  const engineFor: EngineFor = (key) => {
    const k = JSON.stringify(key);
    if (!cache.has(k)) cache.set(k, open(key).then((e) => (typeof e !== 'string' && used.push(e), e)));
    return cache.get(k)!;
  };
  return { engineFor, used };
}

function checkedRules(ctx: Ctx, rs: RuleSet): RuleSet {
  if (unreadable(rs).ok) return rs;
  throw new DiagnosticsError(rs.diagnostics, 2, new Map(rs.sources.map((s) => [s.name, s.text])));
}

/**
 * Write the actual answers of failing cases into their files with the one
 * atomic writer: only if the file still holds what was read (else
 * `write/changed`), keeping its line ends and BOM, mode and symbolic links.
 * Files that cannot be written are reported together at the end (exit 2).
 */
function update(ctx: Ctx, files: readonly SuiteFile[], texts: ReadonlyMap<string, TextFile>, results: readonly CaseResult[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const f of files) {
    const updates = results.filter((r) => r.case.where.file === f.file).flatMap(updatesFor);
    if (updates.length === 0) continue;
    const read = texts.get(f.file)!;
    const text = applyUpdates(read.text, updates);
    try {
      writeFileAtomic(read.path, `${read.bom ? '\uFEFF' : ''}${read.eol === '\n' ? text : text.replace(/\n/g, read.eol)}`, { expect: read.stamp, name: f.file });
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      problems.push(e.diagnostic);
      continue;
    }
    const cases = new Set(updates.map((u) => u.case)).size;
    ctx.io.err(`updated ${cases} case${cases === 1 ? '' : 's'} in ${f.file}\n`);
  }
  return problems;
}

/** Read and check the suite files; malformed ones and duplicates end the run (exit 2). */
function readSuites(ctx: Ctx, roots: readonly string[], defaultProfile: string): { files: SuiteFile[]; texts: Map<string, TextFile> } {
  const texts = new Map(suiteFiles(roots).map((f) => [f.name, f]));
  const files = [...texts].map(([name, f]) => readSuite(name, f.text));
  const problems = suiteProblems(files, defaultProfile);
  if (problems.length === 0) return { files, texts };
  ctx.io.err(problems.map((p) => `${p.where.file}:${p.where.line}:${p.where.col}: error: ${p.message}\n`).join(''));
  throw new CliError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the suite files`, 2);
}

async function runAll(ctx: Ctx, cases: readonly Case[], engineFor: EngineFor, defaultProfile: string): Promise<CaseResult[]> {
  const progress = new Progress((t) => ctx.io.err(t), process.stderr.isTTY === true);
  const results: CaseResult[] = [];
  for (const c of cases) {
    results.push(await runOne(c, engineFor, defaultProfile));
    progress.tick(results.length, cases.length);
  }
  progress.end();
  return results;
}

function report(ctx: Ctx, results: readonly CaseResult[], cov: Coverage): void {
  if (!ctx.json) {
    print(ctx, [...resultLines(results), ...(ctx.options.coverage ? ['', ...coverageLines(cov, ctx.width)] : []), summaryLine(results)]);
    return;
  }
  const cases = results.map(({ label, passed, failures, case: c }) => ({ label, passed, failures, where: c.where }));
  print(ctx, [JSON.stringify({ results: cases, coverage: cov }, null, 1)]);
}

/** The rule sets to test and their suites: given files against the rules in use, else every architecture's built-in suites. */
function plan(ctx: Ctx): { ruleSet: RuleSet; roots: string[]; label?: string }[] {
  const arch = archOption(ctx);
  const inUse = rulesInUse(ctx);
  if (ctx.rules || inUse.folder) {
    const rs = checkedRules(ctx, inUse.ruleSet);
    const own = inUse.folder && folderSuites(inUse.folder, rs.target.info.name);
    const roots = ctx.args.length ? [...ctx.args] : [own ?? builtinSuites(rs.target.info.name)];
    return [{ ruleSet: rs, roots, label: inUse.label }];
  }
  if (arch) {
    const rs = checkedRules(ctx, builtinRules(arch));
    return [{ ruleSet: rs, roots: ctx.args.length ? [...ctx.args] : [builtinSuites(rs.target.info.name)] }];
  }
  if (ctx.args.length) return byArchitecture(ctx, ctx.args);
  return TARGETS.map((t) => ({ ruleSet: checkedRules(ctx, builtinRules(t.info.name)), roots: [builtinSuites(t.info.name)] }));
}

/** Suite files given without --arch or --rules: each against the built-in rules of the architecture it lives under. */
function byArchitecture(ctx: Ctx, roots: readonly string[]): { ruleSet: RuleSet; roots: string[] }[] {
  const names = TARGETS.map((t) => t.info.name);
  const fallback = builtinRules().target.info.name;
  const groups = new Map<string, string[]>();
  for (const root of roots) {
    const arch = archOfFile(root, names) ?? fallback;
    groups.set(arch, [...(groups.get(arch) ?? []), root]);
  }
  return [...groups].map(([arch, own]) => ({ ruleSet: checkedRules(ctx, builtinRules(arch)), roots: own }));
}

export async function run(ctx: Ctx): Promise<number> {
  const results: CaseResult[] = [];
  const used: Engine[] = [];
  const updates: [SuiteFile[], Map<string, TextFile>, CaseResult[]][] = [];
  for (const { ruleSet: rs, roots, label } of plan(ctx)) {
    announce(ctx, { label: `${label ?? builtinLabel(rs)}; suites: ${roots.map((r) => displayName(resolve(r)) || '.').join(', ')}` });
    const defaultProfile = ctx.profile ?? rs.defaultProfile!;
    const { files, texts } = readSuites(ctx, roots, defaultProfile);
    const opened = engines(rs);
    const own = await runAll(ctx, files.flatMap((f) => f.cases), opened.engineFor, defaultProfile);
    results.push(...own);
    used.push(...opened.used);
    updates.push([files, texts, own]);
  }
  const counts = touchCounts(results.map((r) => r.outcome?.touched ?? []));
  const locations = new Map(used.flatMap((e) => [...e.ruleLocations()]));
  report(ctx, results, coverage(used.map((e) => e.ruleIds()), counts, locations));
  if (ctx.options.update) {
    const problems = updates.flatMap(([files, texts, own]) => update(ctx, files, texts, own));
    if (problems.length > 0) throw new DiagnosticsError(problems);
  }
  const stillFailing = results.filter((r) => !r.passed && !(ctx.options.update && updatesFor(r).length > 0));
  return stillFailing.length > 0 ? 1 : 0;
}
