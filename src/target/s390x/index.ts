/**
 * The s390x target: IBM Z CPU models as generations, GA levels and feature
 * groups (rules/s390x/, models/s390x/), QEMU's definition search, IBC and
 * host environments.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import { lazyModule } from '../../load/lazy.js';
import type { ArchEngine, Target } from '../types.js';
import { S390X, S390xEngine } from './arch-engine.js';
import { compileProfile } from './compile/compile.js';
import type { CompiledRules } from './compile/ir.js';
import { emptyAst, type RuleSetAst } from './parse/ast.js';
import { Engine } from './query/engine.js';
import { resolveMachine, unknownMachine } from './query/machine.js';
import { solveGenerations, type Solution } from './solve/generations.js';
import { s390xPolicy } from './policy/index.js';

/** A compiled and solved profile. */
export interface S390xRules {
  rules: CompiledRules;
  solution: Solution;
}

const stages = await lazyModule<typeof import('./stages.js')>(import.meta.url, './stages.js');

export const s390xTarget: Target<RuleSetAst, CompiledRules, S390xRules> = {
  info: S390X,
  stagesModule: 'target/s390x/stages',
  emptyAst,
  parse: (sources) => stages().parseSources(sources),
  check: (ast) => stages().checkRules(ast),
  profiles: (ast) => ast.profiles.map((p) => ({ name: p.name.value, qemu: p.qemu.value, package: p.package })),
  compile: compileProfile,
  solve: (rules) => ({ rules, solution: solveGenerations(rules) }),
  engine({ rules, solution }, options) {
    if (!resolveMachine(rules, options.machine)) return { diagnostics: [unknownMachine(rules, options.machine!) as Diagnostic] as Diagnostic[] };
    return { engine: new S390xEngine(new Engine(rules, solution, options as never)) as ArchEngine };
  },
  policy: s390xPolicy,
  environments: {
    builtinDir: 'models/s390x/environments',
    // json-rules-engine and the description parser load only when an environment is asked for.
    resolve: async ({ rules, solution }, source, label) => (await import('./environments.js')).resolveEnvironment(rules, solution, source, label),
  },
};
