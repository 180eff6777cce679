import type { DependencyIR } from '../../compile/ir.js';
import type { Span } from '../../../../diag/diagnostic.js';
import { levelKey, type SetKind } from '../../levels.js';
import { resolveMachine, machineDefault, type MachineView } from '../../query/machine.js';
import { definitionRange, nameList, quote, type Finding, type ProfileRun } from './context.js';

/** The definitions whose `kind` set has the dependant but not the required feature. */
function breaking(run: ProfileRun, d: DependencyIR, kind: SetKind): number[] {
  return run.rules.definitions.filter((def) => {
    const set = run.solution.sets[def.level]![kind];
    return set.has(d.feature) && !set.has(d.requires);
  }).map((def) => def.index);
}

/** Where a feature first enters a set of a definition: the generation edit, or null. */
function addedAt(run: ProfileRun, feature: number, kind: SetKind, def: number): { level: string; span: Span } | null {
  const edit = run.solution.why[run.rules.definitions[def]!.level]![kind][feature];
  return edit?.rule ? { level: levelKey(run.rules.levels[edit.level ?? 0]!.gen, run.rules.levels[edit.level ?? 0]!.ga), span: edit.rule.span } : null;
}

const names = (run: ProfileRun, d: DependencyIR) => [run.rules.features[d.feature]!.name, run.rules.features[d.requires]!.name] as const;

/**
 * `check/requires-newer-feature` (warning): X requires Y, yet some full set
 * has X without Y, so a model can offer X while Y is still "too new" for it:
 * the dependency can never be satisfied there (the generation limit is broken).
 */
export function requiresNewerFeature(run: ProfileRun): Finding[] {
  return run.rules.dependencies.flatMap((d): Finding[] => {
    const defs = breaking(run, d, 'full');
    if (defs.length === 0) return [];
    const [x, y] = names(run, d);
    const later = run.rules.definitions.find((def) => def.index > defs[0]! && run.solution.sets[def.level]!.full.has(d.requires));
    const at = addedAt(run, d.feature, 'full', defs[0]!);
    return [{
      code: 'check/requires-newer-feature', severity: 'warning', key: `${x}>${y}`, span: d.rule.span,
      message: `${quote(x)} requires ${quote(y)}, but the full set of ${definitionRange(run.rules, defs)} has ${quote(x)} without ${quote(y)}`,
      help: `${later ? `${quote(y)} comes later (with ${quote(later.name)})` : `${quote(y)} is in no later full set`}${at ? `; ${quote(x)} enters the full set at ${at.level}` : ''}: a model can offer ${quote(x)} but never ${quote(y)}`,
    }];
  });
}

/** The views to check: the newest behaviour, then every versioned machine (newest first). */
function views(run: ProfileRun): MachineView[] {
  const names = [undefined, ...run.rules.machines.map((m) => m.name)];
  return names.map((n) => resolveMachine(run.rules, n)!);
}

/** "on machine type `m` and older, ", "on machine types `a`, `b`, ": where featoffs make the default sets break it. */
function machineRange(run: ProfileRun, machines: readonly number[]): string {
  const all = run.rules.machines;
  const tail = machines.at(-1) === all.length - 1 && machines.length === all.length - machines[0]!;
  if (tail) return `on machine type ${quote(all[machines[0]!]!.name)} and older, `;
  return `on machine types ${nameList(machines.map((i) => all[i]!.name), 3)}, `;
}

/**
 * `check/default-breaks-dependency` (warning): a default model enables X
 * without Y although X requires Y; QEMU warns when such a CPU starts. The
 * default sets are checked for the newest behaviour and on every machine
 * type (featoffs take features out of them). One finding per dependency:
 * the definitions that break it on the newest machine, then those that
 * break it only on older machine types, each with the machines named
 * (what `lint-model` reports for the same definition and machine).
 */
export function defaultBreaksDependency(run: ProfileRun): Finding[] {
  const all = views(run);
  return run.rules.dependencies.flatMap((d): Finding[] => {
    const newest = new Set<number>(), older = new Set<number>(), machines: number[] = [];
    for (const view of all) {
      const hit = run.rules.definitions.filter((def) => {
        const set = machineDefault(view, def, run.solution.sets[def.level]!.default);
        return set.has(d.feature) && !set.has(d.requires);
      });
      if (!view.machine) hit.forEach((def) => newest.add(def.index));
      const extra = hit.filter((def) => !newest.has(def.index));
      extra.forEach((def) => older.add(def.index));
      if (view.machine && (newest.size === 0 ? hit.length > 0 : extra.length > 0)) machines.push(view.machine.index);
    }
    if (newest.size === 0 && older.size === 0) return [];
    const [x, y] = names(run, d);
    const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
    const first = sorted(newest.size ? newest : older)[0]!;
    const at = addedAt(run, d.feature, 'default', first);
    const also = newest.size && older.size ? `; ${machineRange(run, machines)}also that of ${definitionRange(run.rules, sorted(older))}` : '';
    return [{
      code: 'check/default-breaks-dependency', severity: 'warning', key: `${x}>${y}`, span: d.rule.span,
      message: `${newest.size ? '' : machineRange(run, machines)}the default model of ${definitionRange(run.rules, sorted(newest.size ? newest : older))} has ${quote(x)} without ${quote(y)}, which it requires${also}`,
      help: `${newest.size ? `add ${quote(y)} to the default list${at ? ` of ${at.level}` : ''}, or take ${quote(x)} out` : `switch ${quote(x)} off together with ${quote(y)} in the featoff`}; QEMU warns "'${x}' requires '${y}'." when such a CPU starts`,
    }];
  });
}
