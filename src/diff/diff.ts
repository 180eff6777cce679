import type { Engine, RuleSet } from '../index.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { attribute } from './attribute.js';
import { ruleCatalog, type Catalog } from './catalog.js';
import { CauseRegistry } from './causes.js';
import { setChanges, setFacts, type Solved } from './sets.js';
import { answer, spaceRequests } from './space.js';
import { addedRemoved, structuralCauses } from './structure.js';
import type { AnswerChange, DiffSection, SetChange } from './types.js';

/** One side of a diff: a rule set and the profile to compare. */
export interface DiffSide {
  label: string;
  ruleSet: RuleSet;
  profile: string;
  /** The machine type the answers are asked on (default: the newest behaviour). */
  machine?: string;
}

interface Opened extends Solved {
  label: string;
  engine: Engine;
  catalog: Catalog;
}

function open(side: DiffSide): Opened | { diagnostics: Diagnostic[] } {
  const r = side.ruleSet.engine(side.profile, side.machine ? { machine: side.machine } : {});
  if ('diagnostics' in r) return r;
  const { rules, solution } = r.engine;
  const label = `${side.label} (${side.profile}${side.machine ? `, machine ${side.machine}` : ''})`;
  return { label, engine: r.engine, ast: side.ruleSet.ast, rules, solution, catalog: ruleCatalog(rules) };
}

function groupMembers(...sides: Opened[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of sides) {
    for (const g of s.rules.groups) {
      const members = g.members.map((m) => s.rules.features[m]!.name);
      out.set(g.name, [...new Set([...(out.get(g.name) ?? []), ...members])]);
    }
  }
  return out;
}

/** Rule entries and set changes as causes; set changes of a changed definition also cite its change. */
function registerCauses(old: Opened, next: Opened): { reg: CauseRegistry; sets: SetChange[]; changed: string[] } {
  const reg = new CauseRegistry(groupMembers(old, next));
  const definitionCause = new Map<string, string>();
  const changed: string[] = [];
  for (const e of structuralCauses(old, next)) {
    const id = reg.addEntry(e);
    if (e.category === 'definitions') definitionCause.set(e.name, id);
    if (e.cause.kind === 'definition-changed') changed.push(e.name);
  }
  const facts = setFacts(old, next);
  const ids = reg.addSetFacts(facts);
  const sets = setChanges(facts, (f) => ids.get(f)!);
  for (const s of sets) {
    const moved = definitionCause.get(s.definition);
    if (moved) s.causes.push(moved);
  }
  return { reg, sets, changed };
}

/** Every request of the common model space asked of both sides; the changed answers, attributed. */
function answerChanges(old: Opened, next: Opened, reg: CauseRegistry): DiffSection['answers'] {
  const common = [...next.engine.catalog.keys()].filter((n) => old.engine.catalog.has(n));
  const requests = spaceRequests(common);
  const changed: AnswerChange[] = [];
  for (const request of requests) {
    const [a, b] = [answer(old.engine, request), answer(next.engine, request)];
    const deltas = attribute(request, a, b, reg);
    if (deltas.length > 0) changed.push({ request, old: a, new: b, deltas });
  }
  for (const c of changed) {
    for (const id of new Set(c.deltas.flatMap((d) => d.causes))) reg.causes.find((x) => x.id === id)!.answers++;
  }
  const only = (e: Engine) => spaceRequests([...e.catalog.keys()]).length - requests.length;
  return { compared: requests.length, commonModels: common.length, changed, onlyOld: only(old.engine), onlyNew: only(next.engine) };
}

/** The semantic diff of two sides, or the diagnostics that keep a side from compiling. */
export function diffSides(oldSide: DiffSide, newSide: DiffSide): DiffSection | { diagnostics: Diagnostic[] } {
  const old = open(oldSide);
  if ('diagnostics' in old) return old;
  const next = open(newSide);
  if ('diagnostics' in next) return next;
  const { reg, sets, changed } = registerCauses(old, next);
  const answers = answerChanges(old, next, reg);
  const catalogNames = (e: Engine) => new Set(e.catalog.keys());
  const [ma, mb] = [catalogNames(old.engine), catalogNames(next.engine)];
  return {
    old: old.label, new: next.label,
    features: addedRemoved(old.catalog, next.catalog, 'features'),
    groups: addedRemoved(old.catalog, next.catalog, 'groups'),
    definitions: { ...addedRemoved(old.catalog, next.catalog, 'definitions'), changed },
    models: { added: [...mb].filter((m) => !ma.has(m)), removed: [...ma].filter((m) => !mb.has(m)) },
    sets, causes: reg.causes, answers,
  };
}
