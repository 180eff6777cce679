/**
 * Environments: parse a description, lower it against a profile, evaluate
 * the environment rules once, and compute the host model.
 */
import { compileEnvironment } from './compile/environment.js';
import { error, withRelated, type Diagnostic, type Severity } from '../../diag/diagnostic.js';
import type { SourceText } from '../../load/load.js';
import { parseEnvironment } from './parse/environment.js';
import type { CompiledRules } from './compile/ir.js';
import type { ResolvedEnvironment } from './query/host-catalog.js';
import type { Solution } from './solve/generations.js';
import { evaluateEnvironment, type Impossibility } from './solve/environment.js';
import { fileStart } from '../../parse/outline.js';

export type { ResolvedEnvironment } from './query/host-catalog.js';

/**
 * `env/impossible-environment`: the environment's own rules take from the
 * layers below a feature the accelerator cannot run without (a query error;
 * `check` reports it as a warning). At the environment file, with both rules.
 */
export function impossibleEnvironment(imp: Impossibility, name: string, file: string, severity: Severity): Diagnostic {
  const features = imp.features.map((f) => `\`${f}\``).join(', ');
  const d = { ...error(severity === 'error' ? 'env/impossible-environment' : 'check/impossible-environment',
    `environment \`${name}\` is impossible: rule \`${imp.taking.id}\` takes ${features} from the layers below the accelerator, which cannot run without ${imp.features.length === 1 ? 'it' : 'them'} (rule \`${imp.requiring.id}\`)`,
    fileStart(file), 'describe an environment where the accelerator gets what it needs (another hypervisor layer), or use `accelerator: tcg`'), severity };
  return withRelated(withRelated(d, imp.taking.rule.span, `\`${imp.taking.id}\` takes ${features}: ${imp.taking.reason}`),
    imp.requiring.rule.span, `\`${imp.requiring.id}\` requires ${features}: ${imp.requiring.reason}`);
}

/** Resolve an environment description for a profile. */
export async function resolveEnvironment(rules: CompiledRules, solution: Solution, source: SourceText, label: string): Promise<{ environment: ResolvedEnvironment } | { diagnostics: Diagnostic[] }> {
  const parsed = parseEnvironment(source, label);
  if (!parsed.env) return { diagnostics: parsed.diagnostics };
  const lowered = compileEnvironment(rules, parsed.env);
  if (!lowered.env) return { diagnostics: lowered.diagnostics };
  const { fired, deciding, host, error: failure, impossible } = await evaluateEnvironment(rules, solution, lowered.env);
  if (impossible) return { diagnostics: [impossibleEnvironment(impossible, parsed.env.name, source.name, 'error')] };
  if (failure !== undefined) {
    const at = parsed.env.machine?.cpuType.span ?? fileStart(source.name);
    return { diagnostics: [error('env/no-host-model', failure, at, 'check the machine (cpu type, GA) and the IBC against the CPU definitions')] };
  }
  return { environment: { env: lowered.env, fired, deciding, host } };
}
