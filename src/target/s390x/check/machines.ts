import { error, type Diagnostic, type Span } from '../../../diag/diagnostic.js';
import type { Located, MachineDecl, RuleSetAst } from '../parse/ast.js';
import { levelKey } from '../levels.js';
import { compareVersions } from '../../../util/version.js';
import { duplicateName, resolve, type Namespaces } from './names.js';

/**
 * Machine types: names are unique (the empty machine and the alias included),
 * every definition, qemu feature list, feature, group and generation level
 * they name exists, and each version range is non-empty.
 */
export function checkMachines(ast: RuleSetAst, ns: Namespaces, diags: Diagnostic[]): void {
  const seen = new Map<string, Span>();
  const names = [ast.machineNames.empty, ast.machineNames.alias, ...ast.machines.map((m) => m.name)];
  for (const n of names) {
    if (!n) continue;
    const first = seen.get(n.value);
    if (first) diags.push(duplicateName('machine type', n.value, n.span, first));
    else seen.set(n.value, n.span);
  }
  for (const m of ast.machines) checkMachine(m, ns, diags);
}

function checkMachine(m: MachineDecl, ns: Namespaces, diags: Diagnostic[]): void {
  if (m.qemuModel) {
    resolve(diags, m.qemuModel.definition, 'CPU definition', ns.definitions);
    resolve(diags, m.qemuModel.features, 'qemu feature list', ns.qemuLists);
  }
  for (const off of m.featoffs) {
    const key = levelKey(off.gen.value, off.ga.value);
    if (!ns.levels.has(key)) {
      diags.push(error('check/unknown-generation-level', `machine type \`${m.name.value}\` switches features off from \`${key}\`, which rules/generations does not declare`, off.gen.span));
    }
    off.features.forEach((n) => resolve(diags, n, 'feature or group', ns.features, ns.groups));
  }
  checkRange(m.name.value, m.since, m.until, diags);
}

/** `since` must come before `until`, or the rule belongs to no profile. */
function checkRange(what: string, since: Located<string> | undefined, until: Located<string> | undefined, diags: Diagnostic[]): void {
  if (!since || !until || compareVersions(since.value, until.value) < 0) return;
  diags.push(error('check/empty-version-range', `\`${what}\` exists in no version: \`since: "${since.value}"\` is not before \`until: "${until.value}"\``, until.span,
    '`until` is the first version without it: make it later than `since`'));
}
