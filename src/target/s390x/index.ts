/**
 * The s390x target: IBM Z CPU models as generations, GA levels and feature
 * groups (rules/s390x/, models/s390x/), QEMU's definition search, IBC and
 * host environments. This entry is light: the parser, the query side and the
 * policy hooks load on first use.
 */
import { lazyModule } from '../../load/lazy.js';
import type { Target } from '../types.js';
import type { CompiledRules } from './compile/ir.js';
import { S390X } from './info.js';
import { emptyAst, type RuleSetAst } from './parse/ast.js';
import type { Solution } from './solve/generations.js';

/** A compiled and solved profile. */
export interface S390xRules {
  rules: CompiledRules;
  solution: Solution;
}

const stages = await lazyModule<typeof import('./stages.js')>(import.meta.url, './stages.js');
const runtime = await lazyModule<typeof import('./runtime.js')>(import.meta.url, './runtime.js');
const policy = await lazyModule<typeof import('./policy/index.js')>(import.meta.url, './policy/index.js');
const libvirt = await lazyModule<typeof import('./libvirt.js')>(import.meta.url, './libvirt.js');

export const s390xTarget: Target<RuleSetAst, CompiledRules, S390xRules> = {
  info: S390X,
  stagesModule: 'target/s390x/stages',
  emptyAst,
  parse: (sources) => stages().parseSources(sources),
  check: (ast) => stages().checkRules(ast),
  profiles: (ast) => ast.profiles.map((p) => ({ name: p.name.value, qemu: p.qemu.value, package: p.package })),
  compile: (ast, profile) => runtime().compileProfile(ast, profile),
  solve: (rules) => runtime().solve(rules),
  engine: ({ rules, solution }, options) => runtime().s390xEngine(rules, solution, options),
  get policy() { return policy().s390xPolicy; },
  get libvirt() { return libvirt().s390xLibvirt; },
  environments: {
    builtinDir: 'models/s390x/environments',
    // json-rules-engine and the description parser load only when an environment is asked for.
    resolve: async ({ rules, solution }, source, label) => (await import('./environments.js')).resolveEnvironment(rules, solution, source, label),
  },
  hostImport: {
    // A /proc/cpuinfo of IBM Z names its vendor so.
    recognizes: (evidence) => evidence.lines.some((l) => l.key === 'vendor_id' && /^IBM\/S390\b/.test(l.value)),
    run: async (solved, evidence, options) => (await import('./host-import/index.js')).importHost(solved, evidence, options),
  },
};
