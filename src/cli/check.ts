import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { builtinRules, diagnosticsJson, openRules, packageDir, renderDiagnostics, type RuleSet } from '../index.js';
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

Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error.`;


/** Every .yaml file of the given files and directories (directories: not recursive). */
function yamlFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!statSync(p).isDirectory()) return [p];
    return readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(p, f));
  });
}

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

function readEnvironments(ctx: Ctx, rs: RuleSet): { name: string; text: string }[] {
  const given = ctx.options.environments as string[] | undefined;
  try {
    return yamlFiles(given ?? defaultEnvironments(ctx, rs)).map((file) => ({ name: display(file), text: readFileSync(file, 'utf8') }));
  } catch (e) {
    throw usageError(`cannot read environments: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function format(ctx: Ctx): 'text' | 'json' {
  const f = ctx.options.format ?? (ctx.json ? 'json' : 'text');
  if (f !== 'text' && f !== 'json') throw usageError(`unknown format \`${String(f)}\``, 'use `--format text` or `--format json`');
  return f;
}

function open(ctx: Ctx): RuleSet {
  const paths = ctx.args.length > 0 ? ctx.args : ctx.rules;
  try {
    return paths ? openRules(paths, archOption(ctx)) : builtinRules(archOption(ctx));
  } catch (e) {
    throw usageError(`cannot read rules: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function run(ctx: Ctx): Promise<number> {
  const fmt = format(ctx);
  const rs = open(ctx);
  const environments = readEnvironments(ctx, rs);
  const diags = [...rs.diagnostics];
  if (rs.ok) diags.push(...await rs.target.policy.lint(rs.ast, { environments }));
  const sources = new Map([...rs.sources, ...environments].map((s) => [s.name, s.text]));
  ctx.io.out(`${fmt === 'json' ? diagnosticsJson(diags) : renderDiagnostics(diags, sources)}\n`);
  return diags.some((d) => d.severity === 'error') ? 1 : 0;
}
