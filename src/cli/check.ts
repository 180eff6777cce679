import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  builtinRules, diagnosticsJson, displayName, isFileProblem, listYamlFiles, openRules, packageDir, readListed, renderDiagnostics, TARGETS, type Diagnostic, type RuleSet,
} from '../index.js';
import { builtinRuleDirs } from '../load/load.js';
import { archOfFile } from '../load/arch.js';
import { findPolicyFolder, MARKER, ruleFiles } from '../load/folder.js';
import { archOption, builtinLabel, folderRules, rulesInUse, type InUse } from './rules-in-use.js';
import type { Ctx } from './context.js';
import { usageError } from './errors.js';

export const help = `usage: cpumodel check [RULES...] [--format text|json] [--environments PATH]...

Check rule files (default: the built-in rules/<arch>/ and models/<arch>/) and report every
problem at once, sorted by place: YAML and shape errors, unknown names, and
the policy checks (dependency cycles, nesting of the base/default/full sets,
dependencies the generations or default models break, partial groups,
features no model can enable, environment-dependent base features,
environment rules that never fire, duplicate and shadowed rules).

  --format FORMAT       text (default) or json: {"diagnostics": [...], "summary": {...}} (--json too)
  --environments PATH   environment descriptions (files or directories) to fire the environment
                        rules against (repeatable; default: models/<arch>/environments for the built-in
                        rules, else an environments/ folder in or beside the rule directories)

Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error or files that
cannot be read (missing, not regular files, over 16 MiB, not UTF-8; reported as diagnostics).`;

/** A rule set to check, the environments to fire its rules against, and the files to report on (all when absent). */
interface Target {
  inUse: InUse;
  envDirs: string[];
  only?: string[];
}

const isDir = (d: string) => existsSync(d) && statSync(d).isDirectory();
const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));

/** The built-in environments of a rule set's architecture. */
const builtinEnvs = (rs: RuleSet) => (rs.target.environments ? [packageDir(rs.target.environments.builtinDir)] : []);

/** A folder's environments: its environments/ (or models/[ARCH/]environments/), else for an overlay the built-in ones. */
function folderEnvs(inUse: InUse): string[] {
  const { root, overlay } = inUse.folder!;
  const arch = inUse.ruleSet.target.info.name;
  const own = [join(root, 'environments'), join(root, 'models', arch, 'environments'), join(root, 'models', 'environments')].find(isDir);
  return own ? [own] : overlay ? builtinEnvs(inUse.ruleSet) : [];
}

/** Paths given as the rule set: an environments/ folder in or beside them. */
const besideEnvs = (paths: readonly string[]) =>
  paths.flatMap((a) => [join(a, 'environments'), join(a, '..', 'environments')]).filter(isDir).slice(0, 1);

function envDirsOf(inUse: InUse, paths?: readonly string[]): string[] {
  if (inUse.folder) return folderEnvs(inUse);
  return paths ? besideEnvs(paths) : builtinEnvs(inUse.ruleSet);
}

/** The rule set a file belongs to: built-in (one of the shipped files), its policy folder's, or none. */
function contextOf(ctx: Ctx, file: string): InUse | undefined {
  const own = real(file);
  for (const t of TARGETS) {
    if (listYamlFiles(builtinRuleDirs(t.info.name), { recursive: true, skip: ['environments'] }).files.some((f) => real(f) === own)) {
      const rs = builtinRules(t.info.name);
      return { ruleSet: rs, label: builtinLabel(rs) };
    }
  }
  const folder = findPolicyFolder(dirname(resolve(file)));
  const inUse = folder && folderRules(folder, archOption(ctx), archOfFile(file, TARGETS.map((t) => t.info.name)));
  return inUse && ruleFiles(inUse.folder!, inUse.ruleSet.target.info.name).some((f) => real(f) === own) ? inUse : undefined;
}

/** Files given: each checked in the context of its rule set; those with none, alone together. */
function fileTargets(ctx: Ctx, files: readonly string[]): Target[] {
  const groups = new Map<string, Target>();
  const alone: string[] = [];
  for (const file of files) {
    const inUse = contextOf(ctx, file);
    if (!inUse) alone.push(file);
    else if (groups.has(inUse.label)) groups.get(inUse.label)!.only!.push(file);
    else groups.set(inUse.label, { inUse, envDirs: envDirsOf(inUse), only: [file] });
  }
  const rest = alone.length ? [{ inUse: { ruleSet: openRules(alone, archOption(ctx)), label: `${alone.join(' ')} alone (no rule set holds them)` }, envDirs: besideEnvs(alone) }] : [];
  return [...groups.values(), ...rest];
}

/** What to check: the rules in use; a policy folder given; files in their context; else the paths given as one rule set. */
function targets(ctx: Ctx): Target[] {
  const given = ctx.options.environments as string[] | undefined;
  const withEnvs = (t: Target): Target => (given ? { ...t, envDirs: given } : t);
  if (ctx.args.length === 0) {
    const inUse = rulesInUse(ctx);
    return [withEnvs({ inUse, envDirs: envDirsOf(inUse) })];
  }
  if (ctx.args.every((a) => existsSync(a) && !isDir(a))) return fileTargets(ctx, ctx.args).map(withEnvs);
  const folder = ctx.args.length === 1 && existsSync(join(ctx.args[0]!, MARKER)) ? findPolicyFolder(ctx.args[0]!) : undefined;
  const inUse = folder && folderRules(folder, archOption(ctx));
  if (inUse) return [withEnvs({ inUse, envDirs: envDirsOf(inUse) })];
  const paths = { ruleSet: openRules(ctx.args, archOption(ctx)), label: ctx.args.join(' ') };
  return [withEnvs({ inUse: paths, envDirs: envDirsOf(paths, ctx.args) })];
}

/** The environment descriptions (files, and the .yaml files of folders, not recursively), and those that cannot be read. */
function readEnvironments(ctx: Ctx, dirs: readonly string[]): { environments: { name: string; text: string }[]; problems: Diagnostic[] } {
  const listing = listYamlFiles(dirs, { display: displayName });
  const { sources, diagnostics } = readListed(listing.files, (file) => displayName(file));
  return { environments: sources, problems: [...listing.diagnostics, ...diagnostics] };
}

function format(ctx: Ctx): 'text' | 'json' {
  const f = ctx.options.format ?? (ctx.json ? 'json' : 'text');
  if (f !== 'text' && f !== 'json') throw usageError(`unknown format \`${String(f)}\``, 'use `--format text` or `--format json`');
  return f;
}

/** Every problem of one rule set: its diagnostics, then (when it checks) the policy lints; those of `only` files when given. */
async function checkSet(ctx: Ctx, target: Target): Promise<{ diags: Diagnostic[]; sources: [string, string][] }> {
  const rs = target.inUse.ruleSet;
  const { environments, problems } = readEnvironments(ctx, target.envDirs);
  let diags = [...rs.diagnostics, ...problems];
  if (rs.ok && problems.length === 0) diags.push(...await rs.target.policy.lint(rs.ast, { environments }));
  const only = target.only && new Set(target.only.map((f) => resolve(f)));
  if (only) diags = diags.filter((d) => !d.span || only.has(resolve(d.span.file)));
  return { diags, sources: [...rs.sources, ...environments].map((s) => [s.name, s.text]) };
}

export async function run(ctx: Ctx): Promise<number> {
  const fmt = format(ctx);
  const diags: Diagnostic[] = [];
  const sources = new Map<string, string>();
  for (const target of targets(ctx)) {
    ctx.io.err(`rules: ${target.inUse.label}${target.only ? `; checking ${target.only.map((f) => displayName(resolve(f))).join(', ')} in their context` : ''}\n`);
    const r = await checkSet(ctx, target);
    diags.push(...r.diags);
    for (const [name, text] of r.sources) sources.set(name, text);
  }
  ctx.io.out(`${fmt === 'json' ? diagnosticsJson(diags) : renderDiagnostics(diags, sources)}\n`);
  if (diags.some(isFileProblem)) return 2;
  return diags.some((d) => d.severity === 'error') ? 1 : 0;
}
