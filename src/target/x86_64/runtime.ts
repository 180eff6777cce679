/**
 * The x86_64 target's query side: profiles, the compiler and the engine.
 * Loaded on first use (src/target/x86_64/index.ts), so that a question about
 * another architecture never loads it.
 */
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { closest } from '../../util/fuzzy.js';
import type { ArchEngine, EngineOptions } from '../types.js';
import type { X86Rules } from './compile/ir.js';
import { X86Engine } from './engine/engine.js';
import { X86_64 } from './info.js';
import { isX86Environment } from './host.js';

export { compileX86, x86Profiles } from './compile/index.js';

function unknownMachine(rules: X86Rules, name: string): Diagnostic {
  const names = rules.machines.map((m) => m.name);
  const near = closest(name, names);
  // At the machine table (its first entry), where the name would be declared.
  return error('query/unknown-machine', `unknown machine type \`${name}\` in profile \`${rules.profile.name}\``, rules.machines[0]?.rule.span,
    near ? `did you mean \`${near}\`?` : `known machine types: ${names.join(', ')}`);
}

export function x86Engine(base: X86Rules, options: EngineOptions): { engine: ArchEngine } | { diagnostics: Diagnostic[] } {
  const rules = isX86Environment(options.environment) ? options.environment.rules : base;
  if (options.machine !== undefined && !rules.machineIndex.has(options.machine)) return { diagnostics: [unknownMachine(rules, options.machine)] };
  return { engine: new X86Engine(X86_64, rules, options) as ArchEngine };
}
