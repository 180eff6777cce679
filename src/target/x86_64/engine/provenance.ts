/**
 * Provenance for test coverage: the rule ids of the profile's IR, the rules
 * behind a class's starting state (its table entry, versions, TCG defaults,
 * machine globals, as the instance trace records them) and the machine's.
 */
import type { ClassIR, X86Rules } from '../compile/ir.js';
import type { Core } from './core.js';
import { buildInstance } from './instance.js';
import { Trace } from './state.js';

/** Every rule a class's fresh instance was built from; `withProps` adds the property table (props are checked against it). */
export function derivationRules(core: Core, cls: ClassIR | undefined, withProps: boolean): string[] {
  if (!cls) return [];
  const trace = new Trace();
  buildInstance(core, cls, trace);
  const ids = new Set([cls.rule.id, ...[...trace.steps, ...trace.propSteps].flatMap((s) => (s.cause.rule ? [s.cause.rule.id] : []))]);
  if (cls.definition !== undefined) ids.add(core.rules.definitions[cls.definition]!.rule.id);
  if (withProps) for (const p of core.rules.properties) ids.add(p.rule.id);
  return [...ids];
}

/** The machine type in effect and its compat globals. */
export function contextRules(core: Core): string[] {
  return [...new Set([core.machine.rule.id, ...core.machine.globals.map((g) => g.assign.rule.id)])];
}

export type { X86Rules };
