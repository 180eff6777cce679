import { error, type Diagnostic } from '../../../diag/diagnostic.js';
import type { Name, RuleSetAst } from '../parse/ast.js';
import { didYouMean } from '../../../util/fuzzy.js';

/** The names every reference is resolved against. */
export interface Namespaces {
  features: Set<string>;
  groups: Set<string>;
  definitions: Set<string>;
  qemuLists: Set<string>;
  levels: Set<string>;
}

import { levelKey } from '../levels.js';

function unique(diags: Diagnostic[], what: string, names: readonly Name[]): Set<string> {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.value)) diags.push(error('check/duplicate-name', `${what} \`${n.value}\` is declared twice`, n.span));
    seen.add(n.value);
  }
  return seen;
}

export function collectNamespaces(ast: RuleSetAst, diags: Diagnostic[]): Namespaces {
  const features = unique(diags, 'feature', ast.features.map((f) => f.name));
  const groups = unique(diags, 'group', ast.groups.map((g) => g.name));
  for (const g of ast.groups) {
    if (features.has(g.name.value)) {
      diags.push(error('check/group-shadows-feature', `group \`${g.name.value}\` has the name of a feature`, g.name.span,
        'feature and group names share one namespace: rename the group'));
    }
  }
  unique(diags, 'profile', ast.profiles.map((p) => p.name));
  const levels = new Set<string>();
  for (const g of ast.generations) {
    const key = levelKey(g.gen.value, g.ga.value);
    if (levels.has(key)) diags.push(error('check/duplicate-name', `generation level \`${key}\` is declared twice`, g.span));
    levels.add(key);
  }
  return {
    features, groups, levels,
    definitions: unique(diags, 'CPU definition', ast.definitions.map((d) => d.name)),
    qemuLists: unique(diags, 'qemu feature list', ast.qemuLists.map((l) => l.name)),
  };
}

/** Report a reference to an unknown name, suggesting the closest known one. */
const UNKNOWN_CODES: Record<string, string> = {
  'feature': 'check/unknown-feature',
  'feature or group': 'check/unknown-name',
  'CPU definition': 'check/unknown-definition',
  'qemu feature list': 'check/unknown-qemu-list',
};

export function resolve(diags: Diagnostic[], ref: Name, what: keyof typeof UNKNOWN_CODES, ...pools: Set<string>[]): boolean {
  if (pools.some((p) => p.has(ref.value))) return true;
  const code = UNKNOWN_CODES[what]!;
  const candidates = pools.flatMap((p) => [...p]);
  diags.push(error(code, `unknown ${what} \`${ref.value}\``, ref.span, didYouMean(ref.value, candidates)));
  return false;
}
