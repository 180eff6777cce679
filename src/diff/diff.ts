import type { ArchEngine, RuleSet } from '../index.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Catalog, DiffHooks, SetFact } from '../target/policy.js';
import { attribute } from './attribute.js';
import { CauseRegistry } from './causes.js';
import { answer, requestModels, sameAnswer, sameJson } from './space.js';
import { contextOf, environmentSpace, isExtended, within } from './space-kinds.js';
import { SideContexts, shippedEnvironments } from './contexts.js';
import { addedRemoved, structuralCauses } from './structure.js';
import type { AnswerChange, DiffSection, QueryRequest, Reply, SetChange } from './types.js';
import { declaredArch } from '../load/arch.js';
import { fileStart } from '../parse/outline.js';

/** One side of a diff: a rule set and the profile to compare. */
export interface DiffSide {
  label: string;
  ruleSet: RuleSet;
  profile: string;
  /** The machine type the answers are asked on (default: the newest behaviour). */
  machine?: string;
}

interface Opened {
  label: string;
  engine: ArchEngine;
  ast: unknown;
  solved: unknown;
  catalog: Catalog;
  contexts: SideContexts;
}

function open(side: DiffSide): Opened | { diagnostics: Diagnostic[] } {
  const r = side.ruleSet.engine(side.profile, side.machine ? { machine: side.machine } : {});
  if ('diagnostics' in r) return r;
  const solved = side.ruleSet.solution(side.profile);
  if ('diagnostics' in solved) return solved;
  const label = `${side.label} (${side.profile}${side.machine ? `, machine ${side.machine}` : ''})`;
  const data = { ast: side.ruleSet.ast, solved: solved.solved };
  const contexts = new SideContexts(side.ruleSet, side.profile, r.engine, side.machine);
  return { label, engine: r.engine, ...data, catalog: hooksOf(side).catalog(data), contexts };
}

const hooksOf = (side: DiffSide): DiffHooks<unknown, unknown> => side.ruleSet.target.policy.diff;

/** The facts as one change per (definition, set). */
function setChanges(facts: readonly SetFact[], causeOf: (f: SetFact) => string): SetChange[] {
  const out = new Map<string, SetChange>();
  for (const f of facts) {
    const key = `${f.definition}\0${f.set}`;
    let c = out.get(key);
    if (!c) out.set(key, (c = { definition: f.definition, set: f.set, gained: [], lost: [], causes: [] }));
    (f.gained ? c.gained : c.lost).push(f.feature);
    const id = causeOf(f);
    if (!c.causes.includes(id)) c.causes.push(id);
  }
  return [...out.values()];
}

function relatedProps(hooks: DiffHooks<unknown, unknown>, ...sides: Opened[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of sides) for (const [k, vs] of hooks.relatedProps(s)) out.set(k, [...new Set([...(out.get(k) ?? []), ...vs])]);
  return out;
}

/** Rule entries and set changes as causes; set changes of a changed definition also cite its change. */
function registerCauses(hooks: DiffHooks<unknown, unknown>, old: Opened, next: Opened): { reg: CauseRegistry; sets: SetChange[]; changed: string[] } {
  const reg = new CauseRegistry(relatedProps(hooks, old, next));
  const definitionCause = new Map<string, string>();
  const changed: string[] = [];
  for (const e of structuralCauses(hooks.categories, old, next)) {
    const id = reg.addEntry(e);
    if (e.category === 'definitions') definitionCause.set(e.name, id);
    if (e.cause.kind === 'definition-changed') changed.push(e.name);
  }
  const facts = hooks.setFacts(old, next);
  const ids = reg.addSetFacts(facts);
  const sets = setChanges(facts, (f) => ids.get(f)!);
  for (const s of sets) {
    const moved = definitionCause.get(s.definition);
    if (moved) s.causes.push(moved);
  }
  return { reg, sets, changed };
}

/** The requests both sides can be asked: the model space, on every common machine type, under every shipped environment. */
function commonSpace(hooks: DiffHooks<unknown, unknown>, old: Opened, next: Opened, models: readonly string[]): QueryRequest[] {
  const props = [...new Set([...hooks.toggles(old), ...hooks.toggles(next)])];
  const known = new Set(models);
  const onlyCommon = (r: QueryRequest) => requestModels(r).every((m) => known.has(m));
  const oldMachines = new Set(hooks.machines(old));
  const machines = hooks.machines(next).filter((m) => oldMachines.has(m));
  const machineSpace = machines.flatMap((m) => {
    const r = next.contexts.ruleSet.engine(next.contexts.profile, { machine: m });
    return 'engine' in r ? within('machine', m, hooks.machineSpace(models, r.engine).filter(onlyCommon)) : [];
  });
  const envs = shippedEnvironments(next.contexts.ruleSet).flatMap((e) => within('environment', e, environmentSpace(models)));
  return [...hooks.space({ models, props, engine: next.engine }), ...machineSpace, ...envs];
}

async function ask(side: Opened, request: QueryRequest): Promise<Reply> {
  const ctx = await side.contexts.get(contextOf(request));
  return 'failed' in ctx ? ctx.failed : answer(ctx, request);
}

/** How many changed answers beyond the bare model space are reported with their answers and differences. */
export const DETAIL_LIMIT = 500;

/** Every request of the common answer space asked of both sides; the changed answers, attributed. */
async function answerChanges(hooks: DiffHooks<unknown, unknown>, old: Opened, next: Opened, reg: CauseRegistry): Promise<DiffSection['answers']> {
  const oldNames = new Set(old.engine.modelNames());
  const common = next.engine.modelNames().filter((n) => oldNames.has(n));
  const requests = commonSpace(hooks, old, next, common);
  const changed: AnswerChange[] = [];
  const unlisted: QueryRequest[] = [];
  let detailed = 0;
  for (const request of requests) {
    const [a, b] = [await ask(old, request), await ask(next, request)];
    if (sameJson(a, b) || semanticallyEqual(a, b)) continue;
    if (isExtended(request) && detailed++ >= DETAIL_LIMIT) unlisted.push(request);
    else changed.push({ request, old: a, new: b, deltas: attribute(request, a, b, reg) });
  }
  for (const c of changed) {
    for (const id of new Set(c.deltas.flatMap((d) => d.causes))) reg.causes.find((x) => x.id === id)!.answers++;
  }
  const only = (e: ArchEngine) => e.modelNames().length - common.length;
  return { compared: requests.length, commonModels: common.length, changed, unlisted, onlyOld: only(old.engine), onlyNew: only(next.engine) };
}

const semanticallyEqual = (a: Reply, b: Reply) => 'error' in a === 'error' in b && sameAnswer(a, b);

/** The semantic diff of two sides, or the diagnostics that keep a side from compiling. */
export async function diffSides(oldSide: DiffSide, newSide: DiffSide): Promise<DiffSection | { diagnostics: Diagnostic[] }> {
  if (oldSide.ruleSet.target !== newSide.ruleSet.target) {
    // At the new side's `arch:` declaration (or its first file).
    const sources = newSide.ruleSet.sources;
    const span = declaredArch(sources)?.span ?? (sources[0] && fileStart(sources[0].name));
    return { diagnostics: [{ code: 'diff/arch-mismatch', severity: 'error', span,
      message: `cannot diff \`${oldSide.ruleSet.target.info.name}\` rules against \`${newSide.ruleSet.target.info.name}\` rules`,
      help: 'diff rule sets of one architecture' }] };
  }
  const hooks = hooksOf(newSide);
  const old = open(oldSide);
  if ('diagnostics' in old) return old;
  const next = open(newSide);
  if ('diagnostics' in next) return next;
  const { reg, sets, changed } = registerCauses(hooks, old, next);
  const answers = await answerChanges(hooks, old, next, reg);
  const [ma, mb] = [new Set(old.engine.modelNames()), new Set(next.engine.modelNames())];
  return {
    old: old.label, new: next.label,
    plurals: Object.fromEntries(hooks.categories.map((c) => [c.name, c.plural])),
    features: addedRemoved(old.catalog, next.catalog, 'features'),
    groups: addedRemoved(old.catalog, next.catalog, 'groups'),
    definitions: { ...addedRemoved(old.catalog, next.catalog, 'definitions'), changed },
    models: { added: [...mb].filter((m) => !ma.has(m)), removed: [...ma].filter((m) => !mb.has(m)) },
    sets, causes: reg.causes, answers,
  };
}
