import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules, openRules, renderDiagnostics, type RuleSet } from '../index.js';
import { archOption, unreadable } from './session.js';
import { diffSides, type DiffSide } from '../diff/diff.js';
import { FAIL_ON, failures } from '../diff/fail-on.js';
import { renderDiff, type DiffFormat } from '../diff/render.js';
import type { DiffReport } from '../diff/types.js';
import { didYouMean } from '../util/fuzzy.js';
import { positionals, type Ctx } from './context.js';
import { CliError, usageError } from './errors.js';

const kinds = Object.entries(FAIL_ON).map(([k, v]) => `                   ${k.padEnd(18)} ${v.help}`).join('\n');

export const help = `usage: cpumodel diff OLD NEW [--format text|markdown|json] [--fail-on KIND]...

A semantic regression report between two rule sets. OLD and NEW are profile
names of the rules in use (qemu-7.2, qemu-10.0), rule directories (a checkout
with rules/ and models/, or a folder of rule files), or DIR:PROFILE. Two
directories without profiles are compared profile by profile.

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
}

function opened(ctx: Ctx, paths: readonly string[] | undefined): RuleSet {
  const rs = unreadable(paths ? openRules(paths, archOption(ctx)) : builtinRules(archOf(ctx)));
  if (rs.ok) return rs;
  ctx.io.err(`${renderDiagnostics(rs.diagnostics, new Map(rs.sources.map((s) => [s.name, s.text])))}\n`);
  throw new CliError('', 2);
}

/** The rules in use (built-in, or --rules), every profile. */
export function inUse(ctx: Ctx): Spec {
  return { label: ctx.rules ? ctx.rules.join(',') : 'built-in', ruleSet: opened(ctx, ctx.rules) };
}

/** `qemu-7.2`, `DIR` or `DIR:PROFILE` (profiles name the rules in use: built-in or --rules). */
export function resolveSpec(ctx: Ctx, text: string): Spec {
  const colon = text.lastIndexOf(':');
  if (colon > 0 && existsSync(text.slice(0, colon))) {
    return checked({ label: text.slice(0, colon), ruleSet: opened(ctx, ruleDirs(text.slice(0, colon), archOf(ctx))), profile: text.slice(colon + 1) });
  }
  if (existsSync(text)) return { label: text, ruleSet: opened(ctx, ruleDirs(text, archOf(ctx))) };
  const spec = inUse(ctx);
  const rs = spec.ruleSet;
  if (rs.profiles.includes(text)) return { ...spec, profile: text };
  const hint = didYouMean(text, rs.profiles) ?? `known profiles: ${rs.profiles.join(', ')}; or give a rule directory`;
  throw usageError(`\`${text}\` is neither a profile nor a rule directory`, hint);
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
    if ('diagnostics' in s) {
      ctx.io.err(`${renderDiagnostics(s.diagnostics, new Map())}\n`);
      throw new CliError('', 2);
    }
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
  return finish(ctx, await diffReport(ctx, pairs(a, b, ctx.profile)));
}
