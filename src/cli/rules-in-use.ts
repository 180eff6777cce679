import { didYouMean } from '../util/fuzzy.js';
import { findPolicyFolder, isBuiltinFolder, ruleFiles, type PolicyFolder } from '../load/folder.js';
import { architecturesOf, builtinRules, DEFAULT_TARGET, displayName, environmentNames, findTarget, openRules, targetNames, type RuleSet } from '../index.js';
import type { Ctx } from './context.js';
import { DiagnosticsError, usageError } from './errors.js';
import { argModelName } from './model-arg.js';

/** The rules a run reads and how to name them (`rules: …` on stderr). */
export interface InUse {
  ruleSet: RuleSet;
  label: string;
  /** The policy folder they come from (not for the built-in rules or --rules). */
  folder?: PolicyFolder;
}

/** `--arch NAME`, checked; undefined when not given. */
export function archOption(ctx: Ctx): string | undefined {
  const arch = ctx.options.arch;
  if (arch === undefined) return undefined;
  const target = findTarget(String(arch));
  if (!target) throw usageError(`unknown architecture \`${String(arch)}\``, didYouMean(String(arch), targetNames()) ?? `known architectures: ${targetNames().join(', ')}`);
  return target.info.name;
}

/**
 * A run under built-in host environments (`--env`, `--from`, `--to`) is for
 * the one architecture whose environments they are (`host` exists only there).
 */
function hostedArch(ctx: Ctx): string | undefined {
  const envs = ['env', 'from', 'to'].map((k) => ctx.options[k]).filter((v): v is string => typeof v === 'string');
  if (envs.length === 0) return undefined;
  const archs = targetNames().filter((a) => envs.every((e) => environmentNames(a).includes(e)));
  return archs.length === 1 ? archs[0] : undefined;
}

/**
 * The architecture of a run without --arch: the one the --rules declare, else
 * the one the model arguments belong to when only one architecture knows
 * them (`cpumodel expand Westmere`), else the default.
 */
export function inferredArch(ctx: Ctx): string | undefined {
  const names = (ctx.models ?? []).map((a) => argModelName(ctx, a)).filter((n) => n !== '');
  const own = builtinRules().engine();
  if ('diagnostics' in own) return undefined;
  const hosted = hostedArch(ctx);
  if (hosted) return hosted;
  const known = new Set(own.engine.modelNames());
  for (const name of names) {
    if (known.has(name)) return DEFAULT_TARGET.info.name;
    const archs = architecturesOf(name);
    if (archs.length === 1) return archs[0];
  }
  return undefined;
}

export const builtinLabel = (rs: RuleSet) => `built-in ${rs.target.info.name} rules`;

/** The rules of a policy folder, or undefined when they are the built-in ones (this project's checkout). */
export function folderRules(folder: PolicyFolder, asked?: string, guess?: string): InUse | undefined {
  if (folder.diagnostics.length > 0) {
    throw new DiagnosticsError(folder.diagnostics, 2, new Map(folder.marker ? [[folder.marker.name, folder.marker.text]] : []));
  }
  const arch = asked ?? folder.arch ?? guess ?? DEFAULT_TARGET.info.name;
  if (isBuiltinFolder(folder, arch)) return undefined;
  const ruleSet = openRules(ruleFiles(folder, arch), asked ?? folder.arch ?? (folder.overlay ? arch : undefined));
  const kind = folder.overlay ? `an overlay on the built-in ${ruleSet.target.info.name} rules` : `a full ${ruleSet.target.info.name} rule set`;
  return { ruleSet, label: `policy folder ${displayName(folder.root) || '.'} (${kind})`, folder };
}

/** The rules in use: --rules, else the policy folder of the working directory, else the built-in ones. */
export function rulesInUse(ctx: Ctx): InUse {
  const arch = archOption(ctx);
  if (ctx.rules) return { ruleSet: openRules(ctx.rules, arch), label: `--rules ${ctx.rules.join(' ')}` };
  const folder = findPolicyFolder(process.cwd());
  // Guessing the architecture compiles the default one's rules: only when nothing names it.
  const guess = arch === undefined && folder?.arch === undefined ? inferredArch(ctx) : undefined;
  const own = folder && folderRules(folder, arch, guess);
  if (own) return own;
  const ruleSet = builtinRules(arch ?? guess);
  return { ruleSet, label: builtinLabel(ruleSet) };
}

/** Say which rules a run reads: one line on stderr. */
export function announce(ctx: Ctx, inUse: { label: string }): void {
  ctx.io.err(`rules: ${inUse.label}\n`);
}
