import { placeOfMissing } from '../../../parse/outline.js';
import type { CompatArrayDecl, CpuVersionMode, MachinesDecl, X86Ast } from '../ast.js';
import type { Lower } from './context.js';
import type { GlobalIR, MachineIR, PropertyIR, PropTarget } from './ir.js';
import { lowerAssign } from './props.js';

/** The compat globals of the named arrays, in order. */
function globalsOf(lo: Lower, arrays: ReadonlyMap<string, CompatArrayDecl>, names: readonly { value: string; span: import('../../../diag/diagnostic.js').Span }[],
  lookup: ReadonlyMap<string, PropTarget>, props: readonly PropertyIR[]): GlobalIR[] {
  const out: GlobalIR[] = [];
  for (const n of names) {
    const array = lo.find(arrays, n, 'compat array');
    for (const p of array?.props ?? []) {
      if (p.dangling) continue;
      const rule = lo.ref(`compat:${n.value}:${p.driver.value}.${p.property.value}`, p.span);
      const assign = lowerAssign(lo, lookup, props, p.property, p.value, rule, true);
      if (assign) out.push({ driver: p.driver.value, assign });
    }
  }
  return out;
}

/**
 * machine(F-V) :- type V of family F; its globals are the compat arrays of V
 * and of every newer type of F, newest first (later wins); its version mode is
 * its own or its newer sibling's.
 */
export function lowerMachines(lo: Lower, ast: X86Ast, lookup: ReadonlyMap<string, PropTarget>, props: readonly PropertyIR[]): { machines: MachineIR[]; empty: string } {
  const decl: MachinesDecl | undefined = ast.machines[0];
  // The machine without CPUs always exists (the default), also in a rule set without a machine table.
  const empty = decl?.empty?.value ?? 'none';
  const emptySpan = decl?.empty?.span ?? placeOfMissing(ast.outline, 'machines') ?? { file: '', line: 0, col: 0, start: 0, end: 0 };
  const machines: MachineIR[] = [{ name: empty, versionMode: 'default', globals: [], deprecated: false, rule: lo.ref(`machine:${empty}`, emptySpan) }];
  if (!decl) return { machines, empty };
  const arrays = new Map(lo.select(decl.compatArrays).map((a) => [a.name.value, a]));
  for (const family of lo.select(decl.families)) {
    let mode: CpuVersionMode = 'default';
    const compat: { value: string; span: import('../../../diag/diagnostic.js').Span }[] = [];
    const types = lo.select(family.types);
    types.forEach((t, i) => {
      mode = t.cpuVersion?.value ?? mode;
      compat.push(...t.compat);
      const name = `${family.name.value}-${t.version.value}`;
      const m: MachineIR = { name, versionMode: mode, globals: globalsOf(lo, arrays, compat, lookup, props), deprecated: t.deprecatedSince !== undefined && lo.has({ since: t.deprecatedSince }), rule: lo.ref(`machine:${name}`, t.span) };
      machines.push(m);
      if (i === 0 && family.alias) machines.push({ ...m, name: family.alias.value, aliasOf: name, rule: lo.ref(`machine:${family.alias.value}`, family.alias.span) });
    });
  }
  for (const o of lo.select(decl.others)) {
    machines.push({ name: o.name.value, versionMode: o.cpuVersion?.value ?? 'default', globals: globalsOf(lo, arrays, o.compat, lookup, props), deprecated: false, rule: lo.ref(`machine:${o.name.value}`, o.span) });
  }
  return { machines, empty };
}
