import { compileEnvironment } from '../../compile/environment.js';
import { warning, type Diagnostic } from '../../../../diag/diagnostic.js';
import type { SourceText } from '../../../../load/load.js';
import { parseEnvironment, type EnvironmentDecl } from '../../parse/environment.js';
import { evaluateEnvironment } from '../../solve/environment.js';
import { quote, type ProfileRun } from './context.js';
import { impossibleEnvironment } from '../../environments.js';

/**
 * `check/rule-never-fires` (warning): an environment rule whose condition
 * holds in none of the given environment descriptions under any profile.
 * Conditions run through json-rules-engine exactly as for `--env`: the
 * plain facts first, then the fix-up rules over the features offered.
 * Problems in the descriptions themselves are reported too, and
 * `check/impossible-environment` (warning): an environment its own rules
 * make impossible (see `impossibility` in src/target/s390x/solve/environment.ts).
 */
export async function rulesNeverFiring(runs: readonly ProfileRun[], environments: readonly SourceText[]): Promise<Diagnostic[]> {
  const diags: Diagnostic[] = [];
  const decls = environments.flatMap((s) => {
    const parsed = parseEnvironment(s, s.name.replace(/^.*\//, '').replace(/\.ya?ml$/, ''));
    diags.push(...parsed.diagnostics);
    return parsed.env ? [parsed.env] : [];
  });
  if (decls.length === 0) return diags;
  const fired = new Set<string>();
  for (const run of runs) {
    for (const decl of decls) (await firedIn(run, decl, diags)).forEach((id) => fired.add(id));
  }
  const seen = new Set<string>();
  for (const run of runs) {
    for (const rule of run.rules.envRules) {
      if (fired.has(rule.id) || seen.has(rule.id)) continue;
      seen.add(rule.id);
      diags.push(warning('check/rule-never-fires', `environment rule ${quote(rule.id)} fires in none of the environments checked`,
        rule.rule.span, 'no environment description satisfies its condition: describe one where the rule applies, or fix the condition'));
    }
  }
  return dedupe(diags);
}

/** The ids of the rules that fire for one environment under one profile. */
async function firedIn(run: ProfileRun, decl: EnvironmentDecl, diags: Diagnostic[]): Promise<Set<string>> {
  const lowered = compileEnvironment(run.rules, decl);
  diags.push(...lowered.diagnostics);
  if (!lowered.env) return new Set();
  const evaluation = await evaluateEnvironment(run.rules, run.solution, lowered.env);
  if (evaluation.impossible) diags.push(impossibleEnvironment(evaluation.impossible, decl.name, decl.file, 'warning'));
  return evaluation.fired;
}

function dedupe(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
