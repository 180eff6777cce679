/** The s390x hooks of the policy tools: lint, layout, diff, what-if (src/target/policy.ts). */
import { expansionSpace, pairSpace } from '../../../diff/space.js';
import { realizeSpace, toggleSpace } from '../../../diff/space-kinds.js';
import type { PolicyHooks } from '../../policy.js';
import type { S390xRules } from '../index.js';
import type { RuleSetAst } from '../parse/ast.js';
import { CATEGORIES, ruleCatalog } from './diff-catalog.js';
import { setFacts } from './diff-sets.js';
import { S390X_LAYOUT } from './layout.js';
import { applyOp, WHAT_IF_HELP } from './what-if.js';
import { machineRequests, s390xOracle } from '../oracle.js';
import { machineNames } from '../query/machine.js';

export const s390xPolicy: PolicyHooks<RuleSetAst, S390xRules> = {
  // The policy checks compile every profile; loaded on first use.
  lint: async (ast, options) => (await import('../check/semantic/index.js')).lintRules(ast, options),
  layout: S390X_LAYOUT,
  diff: {
    categories: CATEGORIES,
    catalog: (side) => ruleCatalog(side.solved.rules),
    setFacts: (old, next) => setFacts({ ast: old.ast, ...old.solved }, { ast: next.ast, ...next.solved }),
    space: ({ models, props }) => [...expansionSpace(models), ...pairSpace(models), ...toggleSpace(models, props), ...realizeSpace(models)],
    toggles: ({ solved: { rules } }) => [...rules.features.map((f) => f.name), ...rules.groups.map((g) => g.name)],
    // Every name `-machine` accepts: the versioned types, their alias and the machine without CPUs.
    machines: ({ solved: { rules } }) => machineNames(rules),
    // What the oracle asks to show a machine's effect, and what a VM start on it prints.
    machineSpace: (models, engine) => [...machineRequests(engine, engine), ...realizeSpace(models)],
    relatedProps({ solved: { rules } }) {
      return new Map(rules.groups.map((g) => [g.name, g.members.map((m) => rules.features[m]!.name)]));
    },
  },
  whatIf: { apply: applyOp, help: WHAT_IF_HELP },
  oracle: s390xOracle,
};
