/**
 * Policy checks over a rule set that already passed the structural checks
 * (`checkRules`): each profile is compiled and solved, and every check runs
 * over the AST and the IR. They are lint: `cpumodel check` runs them, the
 * query commands do not. Codes, severities and why:
 *
 *   check/dependency-cycle            error    "requires" must be a partial order
 *   check/set-not-nested              error    base ⊆ default ⊆ full at every level
 *   check/requires-newer-feature      warning  X in a full set without Y it requires (QEMU only warns)
 *   check/default-breaks-dependency   warning  a default model with X but not Y (QEMU's own do)
 *   check/partial-group               warning  a set holds part of a group
 *   check/never-usable                warning  a feature in no full set (QEMU's idter)
 *   check/environment-dependent-base  warning  a base feature an environment rule can remove
 *                                              (exempt: definition_search.ignore_missing)
 *   check/rule-never-fires            warning  no environment description fires the rule
 *   check/duplicate-rule              warning  a repeated dependency, list entry or environment rule
 *                                              (a repeated dependency with its own `id` is deliberate)
 *   check/shadowed-rule               warning  an entry or rule that another one makes redundant
 *   check/missing-in-profile          warning  a rule adds a name in a profile that lacks it (dropped there)
 */
import { compileProfile } from '../../compile/compile.js';
import type { Diagnostic } from '../../../../diag/diagnostic.js';
import type { SourceText } from '../../../../load/load.js';
import type { RuleSetAst } from '../../parse/ast.js';
import { solveGenerations } from '../../solve/generations.js';
import { mergeFindings, type Finding, type ProfileRun } from './context.js';
import { dependencyCycles } from './cycles.js';
import { defaultBreaksDependency, requiresNewerFeature } from './dependency-sets.js';
import { duplicateDependencies, redundantEdits } from './duplicates.js';
import { environmentDependentBase } from './environment-base.js';
import { redundantEnvironmentRules } from './environment-rules.js';
import { setNotNested } from './nesting.js';
import { missingInProfile } from '../profiles.js';
import { rulesNeverFiring } from './never-fires.js';
import { neverUsable, partialGroups } from './sets.js';

export interface LintOptions {
  /** Environment descriptions to evaluate the environment rules against. */
  environments?: readonly SourceText[];
}

/** The per-profile checks, in the order their findings are collected. */
const PROFILE_CHECKS: readonly ((run: ProfileRun, ast: RuleSetAst) => Finding[])[] = [
  dependencyCycles, setNotNested, requiresNewerFeature, defaultBreaksDependency, partialGroups, neverUsable,
  environmentDependentBase, duplicateDependencies, redundantEdits, redundantEnvironmentRules,
];

/** Compile and solve every profile; compile errors are returned, not thrown. */
export function profileRuns(ast: RuleSetAst): { runs: ProfileRun[]; diagnostics: Diagnostic[] } {
  const runs: ProfileRun[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of ast.profiles) {
    const compiled = compileProfile(ast, p.name.value);
    diagnostics.push(...compiled.diagnostics);
    if (compiled.rules) runs.push({ name: p.name.value, rules: compiled.rules, solution: solveGenerations(compiled.rules) });
  }
  return { runs, diagnostics };
}

/**
 * Every policy check over a structurally valid AST. Compile errors of any
 * profile are returned instead (the checks need every profile's IR).
 */
export async function lintRules(ast: RuleSetAst, options: LintOptions = {}): Promise<Diagnostic[]> {
  const { runs, diagnostics } = profileRuns(ast);
  if (diagnostics.length > 0) return diagnostics;
  const findings = new Map(runs.map((run) => [run.name, PROFILE_CHECKS.flatMap((check) => check(run, ast))]));
  return [...mergeFindings(findings), ...missingInProfile(ast), ...await rulesNeverFiring(runs, options.environments ?? [])];
}
