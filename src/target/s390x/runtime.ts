/**
 * The s390x target's query side: the compiler, the generation solver and the
 * engine. Loaded on first use (src/target/s390x/index.ts), so that a question
 * about another architecture never loads it.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { ArchEngine, EngineOptions } from '../types.js';
import { S390xEngine } from './arch-engine.js';
import type { CompiledRules } from './compile/ir.js';
import { Engine } from './query/engine.js';
import { resolveMachine, unknownMachine } from './query/machine.js';
import { solveGenerations, type Solution } from './solve/generations.js';

export { compileProfile } from './compile/compile.js';

export function solve(rules: CompiledRules): { rules: CompiledRules; solution: Solution } {
  return { rules, solution: solveGenerations(rules) };
}

export function s390xEngine(rules: CompiledRules, solution: Solution, options: EngineOptions): { engine: ArchEngine } | { diagnostics: Diagnostic[] } {
  if (!resolveMachine(rules, options.machine)) return { diagnostics: [unknownMachine(rules, options.machine!) as Diagnostic] };
  return { engine: new S390xEngine(new Engine(rules, solution, options as never)) as ArchEngine };
}
