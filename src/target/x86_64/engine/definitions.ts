import type { DefinitionInfo } from '../../types.js';
import type { ClassIR, X86Rules } from '../compile/ir.js';
import type { Core } from './core.js';
import { expandFeatures } from './expand.js';
import { bitNames, filterUnsupported } from './filter.js';
import { resolvedVersion } from './instance.js';
import { cloneState, type CpuState } from './state.js';

const encoder = new TextEncoder();

function strcmp(a: string, b: string): number {
  const x = encoder.encode(a), y = encoder.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * query-cpu-definitions' order: QEMU sorts the types by (ordering, strcmp of
 * the name) and builds the list by prepending, so it prints them reversed.
 */
export function definitionOrder(rules: X86Rules): ClassIR[] {
  return [...rules.classes].sort((a, b) => a.ordering - b.ordering || strcmp(a.name, b.name)).reverse();
}

/** An instance expanded and filtered as query-cpu-definitions does it: the unavailable bits' names. */
export function unavailableOf(core: Core, cls: ClassIR, base: CpuState): string[] {
  const needs = cls.special?.needsAccelerator;
  if (needs && needs !== core.rules.accel.name) return [needs];
  const s = cloneState(base);
  expandFeatures(core, cls, s);
  filterUnsupported(core.rules, s);
  return bitNames(core.rules, s.filtered);
}

/** `alias-of`: the -vN an alias name resolves to; no entry has one on machines with legacy version resolution. */
export function aliasOf(core: Core, cls: ClassIR): string | undefined {
  if (!cls.isAlias || cls.definition === undefined || core.machine.versionMode === 'legacy') return undefined;
  const def = core.rules.definitions[cls.definition]!;
  return `${def.name}-v${resolvedVersion(core, cls, def)}`;
}

/** One CpuDefinitionInfo; members inserted in QAPI schema order (the writer applies QDict order). */
export function definitionInfo(core: Core, cls: ClassIR, base: CpuState): DefinitionInfo {
  const def = cls.definition === undefined ? undefined : core.rules.definitions[cls.definition];
  const alias = aliasOf(core, cls);
  return {
    name: cls.name,
    'migration-safe': cls.special ? cls.special.migrationSafe : true,
    static: cls.special?.static ?? false,
    'unavailable-features': unavailableOf(core, cls, base),
    typename: cls.typename,
    ...(alias ? { 'alias-of': alias } : {}),
    deprecated: def?.deprecated ?? false,
  };
}
