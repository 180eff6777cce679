import { nameList } from './causes.js';
import { describeRequests, deltaText, requestText } from './requests-text.js';
import type { AnswerChange, Cause, DiffSection, QueryRequest, RuleCite } from './types.js';
import { contextOf, requestProps } from './space-kinds.js';

/**
 * What a report shows, independent of the format: lines of text with the
 * rules they cite. Identical causes are grouped: causes of one kind that
 * explain exactly the same answers become one line.
 */
export interface Line {
  text: string;
  cites: RuleCite[];
  /** How many changed answers the causes behind the line explain. */
  answers: number;
}

export interface AnswerGroup {
  count: number;
  requests: string[];
  causes: Line[];
  example: string;
}

export interface SectionView {
  title: string;
  summary: string;
  definitions: string[];
  sets: Line[];
  rules: Line[];
  answers: AnswerGroup[];
  answerSummary: string;
}

const PHRASE: Partial<Record<string, string>> = {
  'feature-added': 'features added', 'feature-removed': 'features removed', 'feature-changed': 'features changed',
  'group-added': 'groups added', 'group-removed': 'groups removed', 'group-changed': 'groups changed',
  'definition-added': 'definitions added', 'definition-removed': 'definitions removed', 'definition-changed': 'definitions changed',
};

const VERB: Partial<Record<string, string>> = { 'rule-added': 'added', 'rule-removed': 'removed', 'rule-changed': 'changed' };

/** Which changed answers (indices) each cause explains. */
export type AnswersOf = (causeId: string) => ReadonlySet<number>;

function answersByCause(section: DiffSection): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  section.answers.changed.forEach((c, i) => {
    for (const d of c.deltas) for (const id of d.causes) out.set(id, (out.get(id) ?? new Set()).add(i));
  });
  return out;
}

/** Causes as lines: one per cause, or one per (kind, category) when several share it. */
export function causeLines(causes: readonly Cause[], answersOf: AnswersOf, plurals: Readonly<Record<string, string>> = {}): Line[] {
  const count = (g: readonly Cause[]) => new Set(g.flatMap((c) => [...answersOf(c.id)])).size;
  const groups = new Map<string, Cause[]>();
  for (const c of causes) groups.set(`${c.kind}|${c.category}`, [...(groups.get(`${c.kind}|${c.category}`) ?? []), c]);
  return [...groups.values()].flatMap((g) => {
    const [first] = g;
    const phrase = PHRASE[first!.kind] ?? (VERB[first!.kind] && `${plurals[first!.category] ?? first!.category} ${VERB[first!.kind]}`);
    if (g.length === 1 || !phrase || g.some((c) => !c.subject)) return g.map((c) => ({ text: c.summary, cites: c.rules, answers: c.answers }));
    return [{ text: `${g.length} ${phrase}: ${nameList(g.map((c) => c.subject!), 12)}`, cites: g.flatMap((c) => c.rules), answers: count(g) }];
  });
}

/** Answer changes grouped by the set of causes that explain them. */
function answerGroups(section: DiffSection, byCause: ReadonlyMap<string, ReadonlySet<number>>): AnswerGroup[] {
  const bySignature = new Map<string, string[]>();
  for (const [id, set] of byCause) {
    const sig = [...set].join(',');
    bySignature.set(sig, [...(bySignature.get(sig) ?? []), id]);
  }
  const answersOf: AnswersOf = (id) => byCause.get(id) ?? new Set();
  const causes = new Map(section.causes.map((c) => [c.id, c]));
  return [...bySignature.entries()].map(([sig, ids]) => {
    const changes = sig.split(',').map((i) => section.answers.changed[Number(i)]!);
    return { count: changes.length, requests: describeRequests(changes.map((c) => c.request), section.answers.commonModels),
      causes: causeLines(ids.map((id) => causes.get(id)!), answersOf, section.plurals), example: example(changes[0]!, new Set(ids)) };
  }).sort((a, b) => b.count - a.count);
}

function example(change: AnswerChange, ids: ReadonlySet<string>): string {
  const deltas = change.deltas.filter((d) => d.causes.some((c) => ids.has(c)));
  return `${requestText(change.request)}: ${nameList(deltas.map(deltaText), 6)}`;
}

const KIND_NAMES: Record<string, string> = {
  'query-cpu-model-expansion': 'expansions', 'query-cpu-model-comparison': 'comparisons',
  'query-cpu-model-baseline': 'baselines', 'query-cpu-definitions': 'definitions lists',
  realize: 'VM starts', 'check-run': 'check-runs', 'host-model': 'host models',
};

function counts(changes: readonly AnswerChange[]): string {
  return Object.entries(KIND_NAMES).map(([k, label]) => [changes.filter((c) => c.request.execute === k).length, label] as const)
    .filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`).join(', ');
}

/** `55000 with a property switched, 40 on machine types, …`. */
function unlistedKinds(requests: readonly QueryRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const ctx = contextOf(r);
    const kind = ctx.environment ? 'under environments' : ctx.machine ? 'on machine types' : requestProps(r).length ? 'with a property switched' : KIND_NAMES[r.execute] ?? r.execute;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

/** `82 features, 2 definitions added; …`, leaving out what is zero. */
function summaryOf(s: DiffSection): string {
  const part = (items: [number, string][], verb: string) => {
    const shown = items.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
    return shown.length ? [`${shown.join(', ')} ${verb}`] : [];
  };
  const otherRules = s.causes.filter((c) => c.kind.startsWith('rule-')).length;
  return [
    ...part([[s.features.added.length, 'features'], [s.groups.added.length, 'groups'], [s.definitions.added.length, 'definitions']], 'added'),
    ...part([[s.features.removed.length, 'features'], [s.groups.removed.length, 'groups'], [s.definitions.removed.length, 'definitions']], 'removed'),
    ...part([[s.definitions.changed.length, 'definitions'], [s.sets.length, 'definition sets']], 'changed'),
    ...part([[otherRules, 'other rule entries']], 'added, removed or changed'),
    `${s.answers.changed.length + s.answers.unlisted.length} of ${s.answers.compared} answers changed`,
  ].join('; ');
}

export function sectionView(s: DiffSection): SectionView {
  const { changed, unlisted, compared, onlyNew, onlyOld } = s.answers;
  const list = (label: string, names: readonly string[]) => (names.length ? [`${label} ${nameList(names, 20)}`] : []);
  const extra = [onlyNew && `${onlyNew} models only the new side has`, onlyOld && `${onlyOld} only the old side has`,
    unlisted.length && `${unlisted.length} more not listed (${unlistedKinds(unlisted)})`].filter(Boolean);
  const setCauses = s.causes.filter((c) => c.kind === 'set-change');
  const ruleCauses = s.causes.filter((c) => c.kind !== 'set-change' && c.kind !== 'unexplained');
  const summary = summaryOf(s);
  const byCause = answersByCause(s);
  const answersOf: AnswersOf = (id) => byCause.get(id) ?? new Set();
  return {
    title: `${s.old} → ${s.new}`, summary,
    definitions: [...list('added:', s.definitions.added), ...list('removed:', s.definitions.removed), ...list('changed:', s.definitions.changed),
      ...list('models added:', s.models.added), ...list('models removed:', s.models.removed)],
    sets: causeLines(setCauses, answersOf, s.plurals), rules: causeLines(ruleCauses, answersOf, s.plurals), answers: answerGroups(s, byCause),
    answerSummary: `${changed.length + unlisted.length} of ${compared} answers change${changed.length ? ` (${counts(changed)})` : ''}${extra.length ? `; ${extra.join(', ')}` : ''}`,
  };
}
