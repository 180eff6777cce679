import type { Edit, LevelIR } from '../../compile/ir.js';
import type { DependencyDecl, RuleSetAst } from '../../parse/ast.js';
import { Bitset } from '../../../../util/bitset.js';
import type { SetKind } from '../../levels.js';
import { quote, type Finding, type ProfileRun } from './context.js';

/**
 * `check/duplicate-rule` (warning) for dependencies: the same pair twice in
 * one profile. A repeat that carries its own explicit `id` is acknowledged
 * (QEMU lists mepoch → tods-base twice; the rules keep both so the realize
 * warnings match) and is not reported.
 */
export function duplicateDependencies(run: ProfileRun, ast: RuleSetAst): Finding[] {
  const decls = new Map(ast.dependencies.map((d) => [spanKey(d.span), d] as const));
  const seen = new Map<string, DependencyDecl>();
  const out: Finding[] = [];
  for (const d of run.rules.dependencies) {
    const decl = decls.get(spanKey(d.rule.span));
    const pair = `${d.feature}>${d.requires}`;
    const first = seen.get(pair);
    if (!first) { seen.set(pair, decl!); continue; }
    if (decl?.id) continue;
    const [x, y] = [run.rules.features[d.feature]!.name, run.rules.features[d.requires]!.name];
    out.push({
      code: 'check/duplicate-rule', severity: 'warning', key: spanKey(d.rule.span), span: d.rule.span,
      message: `the dependency ${quote(x)} requires ${quote(y)} is declared twice (first at line ${first.span.line})`,
      help: 'remove this entry, or give it an explicit `id` if the repetition is deliberate',
    });
  }
  return out;
}

const spanKey = (s: { file: string; start: number }) => `${s.file}:${s.start}`;

/** Which lists feed each set (as in the generation solver): base additions reach all three. */
const TARGETS: Record<SetKind, readonly SetKind[]> = { base: ['base', 'default', 'full'], default: ['default'], full: ['full'] };
const FEEDS: Record<SetKind, readonly SetKind[]> = { base: ['base'], default: ['base', 'default'], full: ['base', 'full'] };

/**
 * Generation edits: the same name twice in one list is `check/duplicate-rule`;
 * an entry whose features the same level already adds to every set it feeds
 * (a feature in both base and full, a member next to its group) is
 * `check/shadowed-rule`. Both warnings.
 */
export function redundantEdits(run: ProfileRun): Finding[] {
  return run.rules.levels.flatMap((level) => (['base', 'default', 'full'] as const).flatMap((kind) =>
    level.add[kind].flatMap((edit, i): Finding[] => {
      const twin = level.add[kind].slice(0, i).find((e) => e.item === edit.item);
      if (twin) return [editFinding('check/duplicate-rule', edit, `${quote(edit.item)} is listed twice in the ${kind} list of ${level.key}`, 'remove the second entry')];
      const shadows = shadowing(level, kind, edit);
      if (!shadows) return [];
      return [editFinding('check/shadowed-rule', edit, `${quote(edit.item)} in the ${kind} list of ${level.key} adds nothing: ${shadows} of the same level already ${shadows.includes(', ') ? 'add' : 'adds'} it`,
        `remove it from the ${kind} list (base features are in the default and full sets too)`)];
    })));
}

/** The other entries of the level that cover `edit` in every set it feeds, described; null if none do. */
function shadowing(level: LevelIR, kind: SetKind, edit: Edit): string | null {
  // Repeats in the same list are duplicates, reported on the repeat: they do not shadow.
  const others = (target: SetKind) => FEEDS[target].flatMap((k) => level.add[k]
    .filter((e) => e !== edit && !(k === kind && e.item === edit.item)).map((e) => ({ e, k })));
  for (const target of TARGETS[kind]) {
    const covered = new Bitset(edit.mask.size);
    for (const { e } of others(target)) covered.orIn(e.mask);
    if (!covered.containsAll(edit.mask)) return null;
  }
  const by = others(TARGETS[kind][0]!).filter(({ e }) => e.mask.intersects(edit.mask));
  return by.map(({ e, k }) => `${e.item === edit.item ? 'the' : `${quote(e.item)} in the`} ${k} list`).join(', ');
}

function editFinding(code: string, edit: Edit, message: string, help: string): Finding {
  return { code, severity: 'warning', key: spanKey(edit.rule.span), span: edit.rule.span, message, help };
}
