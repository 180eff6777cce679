import type { DependencyIR } from '../../compile/ir.js';
import { quote, type Finding, type ProfileRun } from './context.js';

/**
 * `check/dependency-cycle` (error): "X requires Y" must be a partial order.
 * One finding per strongly connected component, showing one cycle through
 * its first feature (enum order), at the rule of the cycle's first edge;
 * keyed by feature names, so a cycle in several profiles is one diagnostic
 * (feature numbers differ between profiles).
 */
export function dependencyCycles(run: ProfileRun): Finding[] {
  const edges = new Map<number, DependencyIR[]>();
  for (const d of run.rules.dependencies) edges.set(d.feature, [...(edges.get(d.feature) ?? []), d]);
  return components(run.rules.size, edges).flatMap((scc) => {
    const start = Math.min(...scc);
    const path = cycleFrom(start, new Set(scc), edges);
    if (!path) return [];
    const names = [...path.map((d) => run.rules.features[d.feature]!.name), run.rules.features[start]!.name];
    return [{
      code: 'check/dependency-cycle', severity: 'error', key: scc.map((i) => run.rules.features[i]!.name).sort().join(','),
      message: `dependency cycle: ${names.map(quote).join(' → ')}`, span: path[0]!.rule.span,
      help: 'a feature cannot require itself, directly or through others: remove one of these rules',
    } satisfies Finding];
  });
}

/** Tarjan's strongly connected components with more than one node or a self-loop. */
function components(size: number, edges: ReadonlyMap<number, DependencyIR[]>): number[][] {
  const index = new Array<number>(size).fill(-1), low = new Array<number>(size).fill(0);
  const stack: number[] = [], onStack = new Set<number>(), out: number[][] = [];
  let counter = 0;
  const visit = (v: number): void => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack.add(v);
    for (const { requires: w } of edges.get(v) ?? []) {
      if (index[w] === -1) { visit(w); low[v] = Math.min(low[v]!, low[w]!); }
      else if (onStack.has(w)) low[v] = Math.min(low[v]!, index[w]!);
    }
    if (low[v] !== index[v]) return;
    const scc: number[] = [];
    for (let w = -1; w !== v;) { w = stack.pop()!; onStack.delete(w); scc.push(w); }
    if (scc.length > 1 || (edges.get(v) ?? []).some((d) => d.requires === v)) out.push(scc);
  };
  for (const v of edges.keys()) if (index[v] === -1) visit(v);
  return out;
}

/** A shortest path of edges inside the component from `start` back to it (breadth first). */
function cycleFrom(start: number, scc: ReadonlySet<number>, edges: ReadonlyMap<number, DependencyIR[]>): DependencyIR[] | null {
  const via = new Map<number, DependencyIR>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const d of edges.get(queue[i]!) ?? []) {
      if (!scc.has(d.requires) || via.has(d.requires)) continue;
      via.set(d.requires, d);
      if (d.requires === start) return unwind(start, via);
      queue.push(d.requires);
    }
  }
  return null;
}

function unwind(start: number, via: ReadonlyMap<number, DependencyIR>): DependencyIR[] {
  const path: DependencyIR[] = [];
  for (let d = via.get(start)!; ; d = via.get(d.feature)!) {
    path.unshift(d);
    if (d.feature === start) return path;
  }
}
