import { RuleSet } from '../index.js';
import { applyOps, type Applied } from './apply.js';
import type { Op } from './ops.js';

/**
 * A what-if: edits applied in memory to a rule set's AST (with immer: the
 * original is untouched and shares what did not change), then checked like
 * rule files are. The files on disk are never read again or written.
 */
export interface WhatIf extends Applied {
  ruleSet: RuleSet;
}

export function whatIf(base: RuleSet, ops: readonly Op[]): WhatIf {
  const { target } = base;
  const applied = applyOps(base.ast, ops, target.policy.whatIf);
  return { ...applied, ruleSet: new RuleSet(target, base.sources, applied.ast, target.check(applied.ast)) };
}
