/** The s390x hooks of the policy tools: lint, layout, diff, what-if (src/target/policy.ts). */
import { expansionSpace, pairSpace } from '../../../diff/space.js';
import type { PolicyHooks } from '../../policy.js';
import type { S390xRules } from '../index.js';
import type { RuleSetAst } from '../parse/ast.js';
import { CATEGORIES, ruleCatalog } from './diff-catalog.js';
import { setFacts } from './diff-sets.js';
import { S390X_LAYOUT } from './layout.js';
import { applyOp, WHAT_IF_HELP } from './what-if.js';
import { s390xOracle } from '../oracle.js';

export const s390xPolicy: PolicyHooks<RuleSetAst, S390xRules> = {
  // The policy checks compile every profile; loaded on first use.
  lint: async (ast, options) => (await import('../check/semantic/index.js')).lintRules(ast, options),
  layout: S390X_LAYOUT,
  diff: {
    categories: CATEGORIES,
    catalog: (side) => ruleCatalog(side.solved.rules),
    setFacts: (old, next) => setFacts({ ast: old.ast, ...old.solved }, { ast: next.ast, ...next.solved }),
    space: (models) => [...expansionSpace(models), ...pairSpace(models)],
    relatedProps({ solved: { rules } }) {
      return new Map(rules.groups.map((g) => [g.name, g.members.map((m) => rules.features[m]!.name)]));
    },
  },
  whatIf: { apply: applyOp, help: WHAT_IF_HELP },
  oracle: s390xOracle,
};
