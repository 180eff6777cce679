import { enablePatches, Immer, type Patch } from 'immer';
import type { Span } from '../diag/diagnostic.js';
import type { EditOp as Op, WhatIfHooks } from '../target/policy.js';

enablePatches();
/** No auto-freeze: the edited AST shares every untouched subtree with the original, which stays as it was. */
const immer = new Immer({ autoFreeze: false });

export interface Problem {
  message: string;
  span: Span;
}

export interface Applied<Ast = unknown> {
  ast: Ast;
  /** Immer's patches from the original AST to the edited one, and back. */
  patches: Patch[];
  inverse: Patch[];
  problems: Problem[];
}

/** Apply the edits in memory, in order; the original AST is not changed. */
export function applyOps<Ast>(ast: Ast, ops: readonly Op[], hooks: WhatIfHooks<Ast>): Applied<Ast> {
  const problems: Problem[] = [];
  const [next, patches, inverse] = immer.produceWithPatches(ast as object, (draft) => {
    for (const op of ops) {
      const problem = hooks.apply(draft as Ast, op);
      if (problem) problems.push({ message: problem, span: op.span });
    }
  });
  return { ast: next as Ast, patches, inverse, problems };
}

/** Replay patches (e.g. the inverse ones) on an AST. */
export function replay<Ast>(ast: Ast, patches: readonly Patch[]): Ast {
  return immer.applyPatches(ast as object, patches) as Ast;
}
