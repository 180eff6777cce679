/**
 * The x86_64 target: QEMU's x86 CPU models (qemu-system-x86_64 7.2 and 10.0,
 * TCG) as rules, and the engine that answers their QMP queries.
 */
import type { ArchInfo, Target } from '../types.js';
import { emptyX86Ast, type X86Ast } from './ast.js';
import { checkX86 } from './check/index.js';
import { compileX86, x86Profiles } from './compile/index.js';
import type { X86Rules } from './compile/ir.js';
import { TYPE_SUFFIX } from './compile/models.js';
import { X86Engine } from './engine/engine.js';
import { X86_LISTINGS } from './engine/listing.js';
import { parseX86, X86_SECTIONS } from './parse/index.js';

const info: ArchInfo = {
  name: 'x86_64',
  aliases: ['x86-64', 'amd64'],
  qemuBinary: 'qemu-system-x86_64',
  typeSuffix: TYPE_SUFFIX,
  listings: X86_LISTINGS,
};

export const x86Target: Target<X86Ast, X86Rules> = {
  info,
  sections: Object.keys(X86_SECTIONS),
  emptyAst: emptyX86Ast,
  parse: parseX86,
  check: checkX86,
  profiles: x86Profiles,
  compile: compileX86,
  machineNames: (rules) => rules.machines.map((m) => m.name),
  engine: (rules, options) => new X86Engine(info, rules, options),
};

export type { X86Rules } from './compile/ir.js';
export { X86Engine } from './engine/engine.js';
