/**
 * What a host model's expansion cannot show, read from the host's own
 * query-cpu-definitions: a feature `host` never enables by itself
 * (no-autoenable) is offered when adding it makes more models' recorded
 * unavailable features come out right; an XSAVE state component is not
 * saved when leaving it out does (the components one feature enables go
 * together). Greedy, one candidate at a time, in the
 * rules' order, so the result is deterministic.
 */
import { fileStart } from '../../parse/outline.js';
import type { X86Rules } from './compile/ir.js';
import { X86Engine } from './engine/engine.js';
import { lowerX86Environment } from './environments.js';
import { X86_64 } from './info.js';
import type { X86EnvironmentDecl } from './parse/environment.js';

type Recorded = readonly { name: string; unavailable: string[] }[];

/** A description made in memory has no file: its entries are placed at the start of none. */
const SPAN = fileStart('');

/** The recorded models whose unavailable features the description gets wrong. */
function mismatches(rules: X86Rules, decl: X86EnvironmentDecl, recorded: Recorded): string[] {
  const env = lowerX86Environment(rules, decl);
  if ('diagnostics' in env) return recorded.map((d) => d.name);
  const ours = new Map(new X86Engine(X86_64, env.env.rules, { environment: env.env }).definitions().map((d) => [d.name, d['unavailable-features'].join(' ')]));
  return recorded.filter((d) => ours.has(d.name) && ours.get(d.name) !== d.unavailable.join(' ')).map((d) => d.name);
}

/** Candidates: no-autoenable features the description lacks. */
function noAutoenable(rules: X86Rules, decl: X86EnvironmentDecl): string[] {
  const have = new Set(decl.supports.map((s) => s.value));
  return rules.features.filter((f) => f.bits.some((b) => rules.noAutoenable.has(b)) && !have.has(f.name)).map((f) => f.name);
}

/** Components above 1 by the feature that enables them (MPX's 3 and 4 go together): KVM saves all of them or none. */
function componentGroups(rules: X86Rules): number[][] {
  const groups = new Map<string, number[]>();
  for (const c of rules.xsave?.components ?? []) {
    if (c.component <= 1) continue;
    const key = c.enablers.join(',');
    groups.set(key, [...(groups.get(key) ?? []), c.component]);
  }
  return [...groups.values()];
}

export function fitToDefinitions(rules: X86Rules, start: X86EnvironmentDecl, recorded: Recorded): { decl: X86EnvironmentDecl; mismatched: string[] } {
  const components = [...new Set((rules.xsave?.components ?? []).map((c) => c.component))].sort((a, b) => a - b);
  const withXsave = (d: X86EnvironmentDecl, list: number[]): X86EnvironmentDecl => ({ ...d, xsaveComponents: list.map((value) => ({ value, span: SPAN })) });
  let decl = withXsave(start, components);
  let wrong = mismatches(rules, decl, recorded);
  const tryStep = (next: X86EnvironmentDecl) => {
    const w = mismatches(rules, next, recorded);
    if (w.length < wrong.length) [decl, wrong] = [next, w];
  };
  for (const name of noAutoenable(rules, decl)) {
    if (wrong.length === 0) break;
    tryStep({ ...decl, supports: [...decl.supports, { value: name, span: SPAN }] });
  }
  for (const group of componentGroups(rules)) {
    if (wrong.length === 0) break;
    tryStep(withXsave(decl, decl.xsaveComponents!.map((x) => x.value).filter((x) => !group.includes(x))));
  }
  const all = decl.xsaveComponents!.length === components.length;
  const { xsaveComponents: _, ...rest } = decl;
  return { decl: all ? rest : decl, mismatched: wrong };
}
