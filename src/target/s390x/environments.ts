/**
 * Environments: parse a description, lower it against a profile, evaluate
 * the environment rules once, and compute the host model.
 */
import { compileEnvironment } from './compile/environment.js';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import type { SourceText } from '../../load/load.js';
import { parseEnvironment } from './parse/environment.js';
import type { CompiledRules } from './compile/ir.js';
import type { ResolvedEnvironment } from './query/host-catalog.js';
import type { Solution } from './solve/generations.js';
import { evaluateEnvironment } from './solve/environment.js';
import { fileStart } from '../../parse/outline.js';

export type { ResolvedEnvironment } from './query/host-catalog.js';

/** Resolve an environment description for a profile. */
export async function resolveEnvironment(rules: CompiledRules, solution: Solution, source: SourceText, label: string): Promise<{ environment: ResolvedEnvironment } | { diagnostics: Diagnostic[] }> {
  const parsed = parseEnvironment(source, label);
  if (!parsed.env) return { diagnostics: parsed.diagnostics };
  const lowered = compileEnvironment(rules, parsed.env);
  if (!lowered.env) return { diagnostics: lowered.diagnostics };
  const { fired, deciding, host, error: failure } = await evaluateEnvironment(rules, solution, lowered.env);
  if (failure !== undefined) {
    const at = parsed.env.machine?.cpuType.span ?? fileStart(source.name);
    return { diagnostics: [error('env/no-host-model', failure, at, 'check the machine (cpu type, GA) and the IBC against the CPU definitions')] };
  }
  return { environment: { env: lowered.env, fired, deciding, host } };
}
