import { existsSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules, displayName, openRules, type RuleSet } from '../index.js';
import { builtinRuleDirs } from '../load/load.js';
import { unreadable } from './session.js';
import { announce, archOption, folderRules, rulesInUse } from './rules-in-use.js';
import { findPolicyFolder, MARKER } from '../load/folder.js';
import { diffSides, type DiffSide } from '../diff/diff.js';
import { FAIL_ON, failures } from '../diff/fail-on.js';
import { renderDiff, type DiffFormat } from '../diff/render.js';
import type { DiffReport } from '../diff/types.js';
import { didYouMean } from '../util/fuzzy.js';
import { positionals, type Ctx } from './context.js';
import { DiagnosticsError, usageError } from './errors.js';

const kinds = Object.entries(FAIL_ON).map(([k, v]) => `                   ${k.padEnd(18)} ${v.help}`).join('\n');

export const help = `usage: cpumodel diff OLD NEW [--format text|markdown|json] [--fail-on KIND]...

A semantic regression report between two rule sets. OLD and NEW are profile
names (qemu-7.2, qemu-10.0) of the built-in rules (the shipped ones, even
inside a policy folder; of --rules when given), rule directories (a policy
folder such as \`.\`, a checkout with rules/ and models/, or a folder of rule
files), or DIR:PROFILE. Two directories without profiles are compared profile
by profile. Which rules each side reads is said on stderr.

It reports which definitions' base/default/full sets changed, which
definitions, features, groups and other rules were added, removed or changed,
and which answers change over the whole model space (every static and full
expansion, every ordered pair's comparison and baseline, query-cpu-definitions
of the models both sides have), each traced to the rule edits that cause it.
Answers are compared as the agreement report does: maps by key, lists as sets.
With --machine, the answers are asked on that machine type on both sides.

  --format FORMAT  text (default), markdown, or json (the report as data; --json too)
  --fail-on KIND   which changes fail the run (repeatable; default: any):
${kinds}

Exit status: 0 no (watched) changes, 1 watched changes, 2 trouble (usage,
unreadable or broken rules).`;

/**
 * Rule files of a directory: its rules/<arch>/ and models/<arch>/ when it
 * has them (a checkout), else its rules/ and models/, else all of it.
 */
function ruleDirs(dir: string, arch: string): string[] {
  const isDir = (d: string) => existsSync(d) && statSync(d).isDirectory();
  const own = ['rules', 'models'].map((d) => join(dir, d, arch)).filter(isDir);
  if (own.length > 0) return own;
  const sub = ['rules', 'models'].map((d) => join(dir, d)).filter(isDir);
  return sub.length > 0 ? sub : [dir];
}

/** The architecture of this run: --arch, else that of the rules in use, else the default. */
function archOf(ctx: Ctx): string {
  return archOption(ctx) ?? (ctx.rules ? openRules(ctx.rules).target.info.name : builtinRules().target.info.name);
}

interface Spec {
  label: string;
  ruleSet: RuleSet;
  profile?: string;
  /** The rule folders read (real paths), to notice two sides that read the same files. */
  dirs?: string[];
}

const real = (d: string) => realpathSync(d);

function opened(ctx: Ctx, paths: readonly string[] | undefined): RuleSet {
  return checkedSet(ctx, unreadable(paths ? openRules(paths, archOption(ctx)) : builtinRules(archOf(ctx))));
}

function checkedSet(ctx: Ctx, rs: RuleSet): RuleSet {
  if (rs.ok) return rs;
  throw new DiagnosticsError(rs.diagnostics, 2, new Map(rs.sources.map((s) => [s.name, s.text])));
}

/** The rules in use (built-in, or --rules), every profile. */
export function inUse(ctx: Ctx): Spec {
  if (ctx.rules) return { label: ctx.rules.join(','), ruleSet: opened(ctx, ctx.rules) };
  const ruleSet = opened(ctx, undefined);
  return { label: 'built-in', ruleSet, dirs: builtinRuleDirs(ruleSet.target.info.name).map(real) };
}

/** The rules a what-if edits by default: those in use (--rules, the policy folder, else built-in). */
export function editedRules(ctx: Ctx): Spec {
  const own = rulesInUse(ctx);
  if (!own.folder) return inUse(ctx);
  announce(ctx, own);
  return { label: displayName(own.folder.root) || '.', ruleSet: checkedSet(ctx, unreadable(own.ruleSet)) };
}

/** `qemu-7.2`, `DIR` or `DIR:PROFILE` (profiles name the rules in use: built-in or --rules). */
export function resolveSpec(ctx: Ctx, text: string): Spec {
  const colon = text.lastIndexOf(':');
  if (colon > 0 && existsSync(text.slice(0, colon))) return checked({ ...dirSpec(ctx, text.slice(0, colon)), profile: text.slice(colon + 1) });
  if (existsSync(text)) return dirSpec(ctx, text);
  const spec = inUse(ctx);
  const rs = spec.ruleSet;
  if (rs.profiles.includes(text)) return { ...spec, profile: text };
  const hint = didYouMean(text, rs.profiles) ?? `known profiles: ${rs.profiles.join(', ')}; or give a rule directory`;
  throw usageError(`\`${text}\` is neither a profile nor a rule directory`, hint);
}

function dirSpec(ctx: Ctx, dir: string): Spec {
  const folder = existsSync(join(dir, MARKER)) ? findPolicyFolder(dir) : undefined;
  const own = folder && folderRules(folder, archOption(ctx), archOf(ctx));
  if (own) return { label: dir, ruleSet: checkedSet(ctx, unreadable(own.ruleSet)) };
  const dirs = ruleDirs(dir, archOf(ctx));
  return { label: dir, ruleSet: opened(ctx, dirs), dirs: dirs.map(real) };
}

/**
 * A directory side that reads the built-in rule folders: in this project's
 * own checkout `.` is where the built-in rules live, and the diff could only
 * say "no changes".
 */
function sameFiles(a: Spec, b: Spec): void {
  if (!a.dirs || !b.dirs || a.dirs.join('\0') !== b.dirs.join('\0') || (a.label === 'built-in') === (b.label === 'built-in')) return;
  if (a.profile && b.profile && a.profile !== b.profile) return;
  throw usageError(`\`${a.label}\` and \`${b.label}\` read the same rule files (${a.dirs.map((d) => displayName(d) || '.').join(', ')})`,
    'the built-in rules are the files of this checkout: compare with a copy of the base version, e.g. `git worktree add /tmp/base HEAD`, then `cpumodel diff /tmp/base:qemu-10.0 .:qemu-10.0`');
}

/** Say what each side reads (stderr). */
function announceSides(ctx: Ctx, a: Spec, b: Spec): void {
  const name = (s: Spec) => (s.label === 'built-in' ? `built-in ${s.ruleSet.target.info.name} rules` : s.label) + (s.profile ? `, ${s.profile}` : '');
  ctx.io.err(`rules: old ${name(a)}; new ${name(b)}\n`);
}

function checked(spec: Spec): Spec {
  if (spec.profile && !spec.ruleSet.profiles.includes(spec.profile)) {
    throw usageError(`unknown profile \`${spec.profile}\` in ${spec.label}`, `known profiles: ${spec.ruleSet.profiles.join(', ')}`);
  }
  return spec;
}

/** The profile pairs to compare: explicit profiles, else every common profile, else the defaults. */
export function pairs(a: Spec, b: Spec, profile?: string): [DiffSide, DiffSide][] {
  const side = (s: Spec, p: string): DiffSide => ({ label: s.label, ruleSet: s.ruleSet, profile: p });
  const pick = (s: Spec, other?: string) => s.profile ?? profile ?? (other && s.ruleSet.profiles.includes(other) ? other : s.ruleSet.defaultProfile!);
  if (a.profile || b.profile || profile) return [[side(a, pick(a, b.profile)), side(b, pick(b, a.profile))]];
  const common = b.ruleSet.profiles.filter((p) => a.ruleSet.profiles.includes(p));
  if (common.length === 0) return [[side(a, a.ruleSet.defaultProfile!), side(b, b.ruleSet.defaultProfile!)]];
  return common.map((p) => [side(a, p), side(b, p)]);
}

/** Diff every pair (on --machine, if given); a side that does not compile is trouble (exit 2). */
export async function diffReport(ctx: Ctx, sides: readonly [DiffSide, DiffSide][]): Promise<DiffReport> {
  const machine = ctx.options.machine as string | undefined;
  const sections = [];
  for (const [a, b] of sides) {
    const s = await diffSides({ ...a, machine }, { ...b, machine });
    if ('diagnostics' in s) throw new DiagnosticsError(s.diagnostics, 2);
    sections.push(s);
  }
  return { sections };
}

export function formatOf(ctx: Ctx): DiffFormat {
  const f = ctx.json ? 'json' : ctx.options.format ?? 'text';
  if (f === 'text' || f === 'markdown' || f === 'json') return f;
  throw usageError(`invalid --format \`${String(f)}\``, 'use `text`, `markdown` or `json`');
}

export function failOn(ctx: Ctx): string[] {
  const given = (ctx.options['fail-on'] as string[] | undefined) ?? ['any'];
  const bad = given.find((k) => !Object.hasOwn(FAIL_ON, k));
  if (bad) throw usageError(`invalid --fail-on \`${bad}\``, didYouMean(bad, Object.keys(FAIL_ON)) ?? `kinds: ${Object.keys(FAIL_ON).join(', ')}`);
  return given;
}

/** Print the report; 1 when a watched kind changed. */
export function finish(ctx: Ctx, report: DiffReport): number {
  const watched = failOn(ctx);
  ctx.io.out(`${renderDiff(report, formatOf(ctx))}\n`);
  const failed = failures(report, watched);
  if (failed.length > 0 && formatOf(ctx) !== 'json') ctx.io.err(`changes of the watched kinds: ${failed.join(', ')}\n`);
  return failed.length > 0 ? 1 : 0;
}

export async function run(ctx: Ctx): Promise<number> {
  const [oldText, newText] = positionals(ctx, 2, 2, 'OLD NEW') as [string, string];
  formatOf(ctx);
  failOn(ctx);
  const a = resolveSpec(ctx, oldText);
  const b = resolveSpec(ctx, newText);
  sameFiles(a, b);
  announceSides(ctx, a, b);
  return finish(ctx, await diffReport(ctx, pairs(a, b, ctx.profile)));
}
