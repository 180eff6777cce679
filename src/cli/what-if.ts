import { readTextFile, TARGETS, type Diagnostic } from '../index.js';
import { parseExpressions, parsePatch, type Parsed } from '../whatif/ops.js';
import { whatIf } from '../whatif/whatif.js';
import { positionals, type Ctx } from './context.js';
import { diffReport, editedRules, failOn, finish, formatOf, pairs, resolveSpec } from './diff.js';
import { CliError, DiagnosticsError, usageError } from './errors.js';

export const help = `usage: cpumodel what-if (--patch FILE | --set EXPR...) [--base PROFILE|DIR|DIR:PROFILE] [--format F] [--fail-on KIND]...

Apply edits to a rule set in memory and show the diff they would cause (the
report of \`cpumodel diff\`), without touching the rule files. --base is the
rule set to edit (default: the rules in use: --rules, else the policy folder
of the working directory, else the built-in rules; every profile).

EXPR (also the entries of a patch file, a YAML or JSON list; an entry may
instead be a map {op: add|remove|set, path, value}), per architecture:
${TARGETS.map((t) => `${t.info.name}:\n${t.policy.whatIf.help}`).join('\n')}
Several names: \`default+=appv,appvi\`. Values are YAML scalars or flow maps.

Exit status as \`cpumodel diff\`: 0 no (watched) changes, 1 watched changes,
2 trouble (usage, an edit that does not apply, rules that no longer check).`;

function edits(ctx: Ctx): { parsed: Parsed; source: { name: string; text: string } } {
  const patch = ctx.options.patch as string | undefined;
  const sets = (ctx.options.set as string[] | undefined) ?? [];
  if (!patch && sets.length === 0) throw usageError('what-if needs `--patch FILE` or `--set EXPR`', 'e.g. `--set generations.GEN16_GA1.default+=appv`');
  if (patch && sets.length > 0) throw usageError('give `--patch` or `--set`, not both');
  if (!patch) return { parsed: parseExpressions(sets), source: { name: '--set', text: sets.join('\n') } };
  const read = readTextFile(patch);
  if ('diagnostic' in read) throw new DiagnosticsError([read.diagnostic]);
  const { text } = read.file;
  return { parsed: parsePatch(patch, text), source: { name: patch, text } };
}

function trouble(_ctx: Ctx, diagnostics: readonly Diagnostic[], sources: Map<string, string>): CliError {
  return new DiagnosticsError(diagnostics, 2, sources);
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, '');
  formatOf(ctx);
  failOn(ctx);
  const { parsed, source } = edits(ctx);
  const baseText = ctx.options.base as string | undefined;
  const base = baseText === undefined ? editedRules(ctx) : resolveSpec(ctx, baseText);
  const sources = new Map([...base.ruleSet.sources.map((s) => [s.name, s.text] as const), [source.name, source.text]]);
  const asDiagnostic = (p: { message: string; span: Diagnostic['span'] }): Diagnostic => ({ code: 'what-if/edit', severity: 'error', message: p.message, span: p.span });
  if (parsed.problems.length > 0) throw trouble(ctx, parsed.problems.map(asDiagnostic), sources);
  const edited = whatIf(base.ruleSet, parsed.ops);
  if (edited.problems.length > 0) throw trouble(ctx, edited.problems.map(asDiagnostic), sources);
  if (!edited.ruleSet.ok) throw trouble(ctx, edited.ruleSet.diagnostics, sources);
  const after = { ...base, label: `${base.label} + ${source.name === '--set' ? 'edits' : source.name}`, ruleSet: edited.ruleSet };
  return finish(ctx, await diffReport(ctx, pairs(base, after, ctx.profile)));
}
