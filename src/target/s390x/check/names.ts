import { error, withRelated, type Diagnostic, type Span } from '../../../diag/diagnostic.js';
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

/** A second declaration of a name: at the repeat, pointing at the first. */
export function duplicateName(what: string, name: string, span: Span, first: Span): Diagnostic {
  return withRelated(error('check/duplicate-name', `${what} \`${name}\` is declared twice`, span,
    'rename one of them, or remove the repeat'), first, 'first declared here');
}

function unique(diags: Diagnostic[], what: string, names: readonly Name[]): Set<string> {
  const seen = new Map<string, Span>();
  for (const n of names) {
    const first = seen.get(n.value);
    if (first) diags.push(duplicateName(what, n.value, n.span, first));
    else seen.set(n.value, n.span);
  }
  return new Set(seen.keys());
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
  const levels = new Map<string, Span>();
  for (const g of ast.generations) {
    const key = levelKey(g.gen.value, g.ga.value);
    const first = levels.get(key);
    if (first) diags.push(duplicateName('generation level', key, g.span, first));
    else levels.set(key, g.span);
  }
  const ns = {
    features, groups, levels: new Set(levels.keys()),
    definitions: unique(diags, 'CPU definition', ast.definitions.map((d) => d.name)),
    qemuLists: unique(diags, 'qemu feature list', ast.qemuLists.map((l) => l.name)),
  };
  // Entries with parse errors are declared all the same: references to them are not unknown.
  for (const n of ast.outline.partial) [ns.features, ns.groups, ns.definitions, ns.qemuLists].forEach((pool) => pool.add(n));
  return ns;
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
