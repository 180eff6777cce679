/** The x86_64 hooks of the policy tools: lint, layout, diff, what-if, oracle (src/target/policy.ts). */
import { expansionSpace } from '../../../diff/space.js';
import { realizeSpace, toggleSpace } from '../../../diff/space-kinds.js';
import type { PolicyHooks } from '../../policy.js';
import type { X86Ast } from '../ast.js';
import type { X86Rules } from '../compile/ir.js';
import { x86Oracle } from '../oracle.js';
import { CATEGORIES, x86Catalog, x86RelatedProps, x86SetFacts } from './diff.js';
import { X86_LAYOUT } from './layout.js';
import { lintX86 } from './lint.js';
import { applyX86Op, WHAT_IF_HELP } from './what-if.js';

export const x86Policy: PolicyHooks<X86Ast, X86Rules> = {
  lint: (ast) => lintX86(ast),
  layout: X86_LAYOUT,
  diff: {
    categories: CATEGORIES,
    catalog: x86Catalog,
    setFacts: x86SetFacts,
    // QEMU has no comparison or baseline on x86: definitions and expansions only.
    space: ({ models, props }) => [...expansionSpace(models), ...toggleSpace(models, props), ...realizeSpace(models)],
    toggles: ({ solved: r }) => [...r.features.map((f) => f.name), ...r.aliases.map((a) => a.alias)],
    machines: ({ solved: r }) => r.machines.map((m) => m.name),
    // Compat props change the models' starting state: every expansion, and what a VM start prints.
    machineSpace: (models) => [...expansionSpace(models), ...realizeSpace(models)],
    relatedProps: x86RelatedProps,
  },
  whatIf: { apply: applyX86Op, help: WHAT_IF_HELP },
  oracle: x86Oracle,
};
