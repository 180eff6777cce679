import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRules, openRules, renderDiagnostics, TARGETS, type ArchEngine as Engine, type RuleSet } from '../index.js';
import { coverage, type Coverage } from '../suite/coverage.js';
import { readSuite, type Case, type SuiteFile } from '../suite/format.js';
import { Progress } from '../suite/progress.js';
import { coverageLines, resultLines, summaryLine } from '../suite/report.js';
import { runOne, suiteProblems, updatesFor, type CaseResult, type EngineFor, type EngineKey } from '../suite/suite.js';
import { applyUpdates } from '../suite/update.js';
import { print, type Ctx } from './context.js';
import { CliError, usageError } from './errors.js';
import { archOption } from './session.js';
import { archOfFile } from '../load/arch.js';

export const help = `usage: cpumodel test [FILES...] [--update] [--coverage]

Run regression suites: YAML files of cases, each a request (expand, compare,
baseline, definitions, explain, lint, check-run; models in -cpu syntax or as
QMP-shaped {name, props} maps; optional profile, machine, env), the expected
answer (\`expect\`) and optionally the rule ids its explanation must cite
(\`reasons\`). FILES are files or directories (default: the built-in suites of
every architecture, suites/<arch>/, each against its architecture's rules;
given files run against the architecture their path names, or --arch).
A file is a list of cases, or a map with defaults (profile, machine, env) and
\`cases\`. Answers compare as the agreement report does (maps by key, lists
as sets). Two cases with the same request are rejected.

  --update     record the actual answers (and reasons) of failing cases into the
               files, in place (atomic write; comments and layout kept)
  --coverage   print which rule ids the suite exercises (cited by explanations,
               or deriving the sets its answers start from) and which it never touches

Ends with \`N passed, N failed\`. Exit status: 0 all passed (or all updated),
1 failures, 2 unreadable or malformed suites (duplicates included).`;

const builtinSuites = (arch: string) => join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'suites', arch);

function suiteFiles(roots: readonly string[]): string[] {
  return roots.flatMap((p) => {
    try {
      if (!statSync(p).isDirectory()) return [p];
      return readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(p, f));
    } catch {
      throw usageError(`cannot read \`${p}\``);
    }
  });
}

const shown = (file: string) => (relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file));

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
  if (rs.ok) return rs;
  ctx.io.err(`${renderDiagnostics(rs.diagnostics, new Map(rs.sources.map((s) => [s.name, s.text])))}\n`);
  throw new CliError('', 2);
}

/** Write the actual answers of failing cases into their files (temporary file, then rename). */
function update(ctx: Ctx, files: readonly SuiteFile[], texts: ReadonlyMap<string, string>, results: readonly CaseResult[]): void {
  for (const f of files) {
    const updates = results.filter((r) => r.case.where.file === f.file).flatMap(updatesFor);
    if (updates.length === 0) continue;
    const tmp = `${f.file}.tmp-${process.pid}`;
    writeFileSync(tmp, applyUpdates(texts.get(f.file)!, updates));
    renameSync(tmp, f.file);
    const cases = new Set(updates.map((u) => u.case)).size;
    ctx.io.err(`updated ${cases} case${cases === 1 ? '' : 's'} in ${f.file}\n`);
  }
}

/** Read and check the suite files; malformed ones and duplicates end the run (exit 2). */
function readSuites(ctx: Ctx, roots: readonly string[], defaultProfile: string): { files: SuiteFile[]; texts: Map<string, string> } {
  const texts = new Map(suiteFiles(roots).map((p) => [shown(p), readFileSync(p, 'utf8')]));
  const files = [...texts].map(([file, text]) => readSuite(file, text));
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
    print(ctx, [...resultLines(results), ...(ctx.options.coverage ? ['', ...coverageLines(cov)] : []), summaryLine(results)]);
    return;
  }
  const cases = results.map(({ label, passed, failures, case: c }) => ({ label, passed, failures, where: c.where }));
  print(ctx, [JSON.stringify({ results: cases, coverage: cov }, null, 1)]);
}

/** The rule sets to test and their suites: given files against the rules in use, else every architecture's built-in suites. */
function plan(ctx: Ctx): { ruleSet: RuleSet; roots: string[] }[] {
  const arch = archOption(ctx);
  if (ctx.rules) return [{ ruleSet: checkedRules(ctx, openRules(ctx.rules, arch)), roots: ctx.args.length ? [...ctx.args] : [builtinSuites(openRules(ctx.rules, arch).target.info.name)] }];
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
  const updates: [SuiteFile[], Map<string, string>, CaseResult[]][] = [];
  for (const { ruleSet: rs, roots } of plan(ctx)) {
    const defaultProfile = ctx.profile ?? rs.defaultProfile!;
    const { files, texts } = readSuites(ctx, roots, defaultProfile);
    const opened = engines(rs);
    const own = await runAll(ctx, files.flatMap((f) => f.cases), opened.engineFor, defaultProfile);
    results.push(...own);
    used.push(...opened.used);
    updates.push([files, texts, own]);
  }
  const touched = new Set(results.flatMap((r) => r.outcome?.touched ?? []));
  report(ctx, results, coverage(used.map((e) => e.ruleIds()), touched));
  if (ctx.options.update) for (const [files, texts, own] of updates) update(ctx, files, texts, own);
  const stillFailing = results.filter((r) => !r.passed && !(ctx.options.update && updatesFor(r).length > 0));
  return stillFailing.length > 0 ? 1 : 0;
}
