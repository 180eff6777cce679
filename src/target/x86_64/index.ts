/**
 * The x86_64 target: QEMU's x86 CPU models (qemu-system-x86_64 7.2 and 10.0,
 * TCG) as feature words, a model table with versions, dependency rows and
 * TCG masks (rules/x86_64/, models/x86_64/), and the engine that builds an
 * instance in QEMU's order and answers the QMP queries.
 */
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import { lazyModule } from '../../load/lazy.js';
import { closest } from '../../util/fuzzy.js';
import type { ArchEngine, ArchInfo, Target } from '../types.js';
import { emptyX86Ast, type X86Ast } from './ast.js';
import { compileX86, x86Profiles } from './compile/index.js';
import type { X86Rules } from './compile/ir.js';
import { TYPE_SUFFIX } from './compile/models.js';
import { X86Engine } from './engine/engine.js';
import { X86_LISTINGS } from './engine/listing.js';
import { x86Policy } from './policy/index.js';

const info: ArchInfo = {
  name: 'x86_64',
  aliases: ['x86-64', 'amd64'],
  qemuBinary: 'qemu-system-x86_64',
  typeSuffix: TYPE_SUFFIX,
  listings: X86_LISTINGS,
};

const stages = await lazyModule<typeof import('./stages.js')>(import.meta.url, './stages.js');

function unknownMachine(rules: X86Rules, name: string): Diagnostic {
  const names = rules.machines.map((m) => m.name);
  const near = closest(name, names);
  return error('query/unknown-machine', `unknown machine type \`${name}\` in profile \`${rules.profile.name}\``, undefined,
    near ? `did you mean \`${near}\`?` : `known machine types: ${names.join(', ')}`);
}

export const x86Target: Target<X86Ast, X86Rules, X86Rules> = {
  info,
  stagesModule: 'target/x86_64/stages',
  emptyAst: emptyX86Ast,
  parse: (sources) => stages().parseX86(sources),
  check: (ast) => stages().checkX86(ast),
  profiles: x86Profiles,
  compile: compileX86,
  solve: (rules) => rules,
  engine(rules, options) {
    if (options.machine !== undefined && !rules.machineIndex.has(options.machine)) return { diagnostics: [unknownMachine(rules, options.machine)] };
    return { engine: new X86Engine(info, rules, options) as ArchEngine };
  },
  policy: x86Policy,
};

export type { X86Rules } from './compile/ir.js';
export { X86Engine } from './engine/engine.js';
