/**
 * The x86_64 target: QEMU's x86 CPU models (qemu-system-x86_64 7.2 and 10.0,
 * TCG) as feature words, a model table with versions, dependency rows and
 * TCG masks (rules/x86_64/, models/x86_64/), and the engine that builds an
 * instance in QEMU's order and answers the QMP queries. This entry is light:
 * the parser, the query side and the policy hooks load on first use.
 */
import { lazyModule } from '../../load/lazy.js';
import type { Target } from '../types.js';
import { emptyX86Ast, type X86Ast } from './ast.js';
import type { X86Rules } from './compile/ir.js';
import { X86_64 } from './info.js';

const stages = await lazyModule<typeof import('./stages.js')>(import.meta.url, './stages.js');
const runtime = await lazyModule<typeof import('./runtime.js')>(import.meta.url, './runtime.js');
const policy = await lazyModule<typeof import('./policy/index.js')>(import.meta.url, './policy/index.js');
const libvirt = await lazyModule<typeof import('./libvirt.js')>(import.meta.url, './libvirt.js');

export const x86Target: Target<X86Ast, X86Rules, X86Rules> = {
  info: X86_64,
  stagesModule: 'target/x86_64/stages',
  emptyAst: emptyX86Ast,
  parse: (sources) => stages().parseX86(sources),
  check: (ast) => stages().checkX86(ast),
  profiles: (ast) => runtime().x86Profiles(ast),
  compile: (ast, profile) => runtime().compileX86(ast, profile),
  solve: (rules) => rules,
  engine: (rules, options) => runtime().x86Engine(rules, options),
  get policy() { return policy().x86Policy; },
  environments: {
    builtinDir: 'models/x86_64/environments',
    resolve: async (rules, source, label) => (await import('./environments.js')).resolveX86Environment(rules, source, label),
  },
  hostImport: {
    // An x86 /proc/cpuinfo names its vendor so; it is recognized to say what it lacks.
    recognizes: (evidence) => evidence.lines.some((l) => l.key === 'vendor_id' && /^(GenuineIntel|AuthenticAMD|HygonGenuine|CentaurHauls)$/.test(l.value)),
    run: async (rules, evidence, options) => (await import('./host-import.js')).importHost(rules, evidence, options),
  },
  get libvirt() { return libvirt().x86Libvirt; },
};

export type { X86Rules } from './compile/ir.js';
export type { X86Engine } from './engine/engine.js';
