import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  builtinRules, diagnosticsJson, displayName, isFileProblem, listYamlFiles, openRules, packageDir, readTextFile, renderDiagnostics, type Diagnostic, type RuleSet,
} from '../index.js';
import { archOption } from './session.js';
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

/**
 * The environments to fire rules against: --environments, else the built-in
 * ones for the built-in rules, else an `environments/` folder next to (or
 * inside) the rule directories given.
 */
function defaultEnvironments(ctx: Ctx, rs: RuleSet): string[] {
  const builtin = rs.target.environments?.builtinDir;
  if (ctx.args.length === 0) return builtin ? [packageDir(builtin)] : [];
  return ctx.args.flatMap((a) => [join(a, 'environments'), join(a, '..', 'environments')])
    .filter((d) => existsSync(d) && statSync(d).isDirectory()).slice(0, 1);
}

/** The environment descriptions (files, and the .yaml files of folders, not recursively), and those that cannot be read. */
function readEnvironments(ctx: Ctx, rs: RuleSet): { environments: { name: string; text: string }[]; problems: Diagnostic[] } {
  const given = ctx.options.environments as string[] | undefined;
  const listing = listYamlFiles(given ?? defaultEnvironments(ctx, rs), { display: displayName });
  const problems = [...listing.diagnostics];
  const environments = listing.files.flatMap((file) => {
    const r = readTextFile(file, displayName(file));
    if ('file' in r) return [{ name: r.file.name, text: r.file.text }];
    problems.push(r.diagnostic);
    return [];
  });
  return { environments, problems };
}

function format(ctx: Ctx): 'text' | 'json' {
  const f = ctx.options.format ?? (ctx.json ? 'json' : 'text');
  if (f !== 'text' && f !== 'json') throw usageError(`unknown format \`${String(f)}\``, 'use `--format text` or `--format json`');
  return f;
}

function open(ctx: Ctx): RuleSet {
  const paths = ctx.args.length > 0 ? ctx.args : ctx.rules;
  return paths ? openRules(paths, archOption(ctx)) : builtinRules(archOption(ctx));
}

export async function run(ctx: Ctx): Promise<number> {
  const fmt = format(ctx);
  const rs = open(ctx);
  const { environments, problems } = readEnvironments(ctx, rs);
  const diags = [...rs.diagnostics, ...problems];
  if (rs.ok && problems.length === 0) diags.push(...await rs.target.policy.lint(rs.ast, { environments }));
  const sources = new Map([...rs.sources, ...environments].map((s) => [s.name, s.text]));
  ctx.io.out(`${fmt === 'json' ? diagnosticsJson(diags) : renderDiagnostics(diags, sources)}\n`);
  if (diags.some(isFileProblem)) return 2;
  return diags.some((d) => d.severity === 'error') ? 1 : 0;
}
