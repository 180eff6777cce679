import type { Edit } from '../compile/ir.js';
import type { Solution } from '../solve/generations.js';
import { because, type Because } from '../../../explain/because.js';
import type { SetKind } from '../levels.js';
import type { CpuModel, ModelClass } from './catalog.js';
import type { Engine, ModelRequest, PropOrder } from './engine.js';
import { fail, ok, type Result } from './errors.js';
import type { PropEntry } from './props.js';
import { featoffsOf, type ActiveFeatoff } from './machine.js';
import { explainHostFeature } from './explain-host.js';

/** A request with the model built from it, its props in application order and its texts: what explanations of its features share. */
export interface Subject { req: ModelRequest; model: CpuModel; entries: readonly PropEntry[]; label: string; cls: ModelClass; start: string }

export function subjectOf(engine: Engine, req: ModelRequest, model: CpuModel, order: PropOrder): Subject {
  const cls = engine.catalog.get(req.name)!;
  return { req, model, entries: engine.applicationOrder(req, order), label: describeRequest(req), cls, start: startClaim(engine, cls) };
}

/**
 * Why is FEATURE enabled or disabled in MODEL? The last request property that
 * touches it decides when there is one (nothing before it matters); otherwise
 * the rule that put it into (or kept it out of) the model's starting set.
 */
export function explainFeature(engine: Engine, req: ModelRequest, feature: string, order: PropOrder = 'as-given'): Result<Because> {
  const built = engine.build(req, 'model', order);
  return built.ok ? explainSubjectFeature(engine, subjectOf(engine, req, built.value, order), feature) : built;
}

/** explainFeature for a model already built (explanations of many features build it once). */
export function explainSubjectFeature(engine: Engine, subject: Subject, feature: string): Result<Because> {
  const f = engine.rules.featureIndex.get(feature);
  if (f === undefined) return fail({ code: 'property-not-found', typename: `${subject.req.name}-s390x-cpu`, key: feature });
  const on = subject.model.features.has(f);
  const title = `\`${feature}\` is ${on ? 'enabled' : 'disabled'} in \`${subject.label}\``;
  const decisive = lastTouch(engine, subject.entries, f);
  const fact = { kind: 'feature' as const, feature, value: on };
  if (decisive) return ok(because(title, undefined, [requestReason(engine, decisive, feature)], fact));
  return ok(because(title, undefined, [startingSet(engine, subject, f)], fact));
}

export function describeRequest(req: ModelRequest): string {
  const props = Array.isArray(req.props) ? req.props.map(([k, v]) => `${k}=${v === true ? 'on' : v === false ? 'off' : JSON.stringify(v)}`) : [];
  return [req.name, ...props].join(',');
}

/** The last property of the request that sets the feature or its group. */
function lastTouch(engine: Engine, entries: readonly PropEntry[], f: number): PropEntry | undefined {
  const group = engine.rules.features[f]!.group;
  const groupName = group >= 0 ? engine.rules.groups[group]!.name : undefined;
  const name = engine.rules.features[f]!.name;
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]![0] === name || entries[i]![0] === groupName) return entries[i];
  return undefined;
}

function requestReason(engine: Engine, [key, value]: PropEntry, feature: string): Because {
  const via = key === feature ? '' : ` (group \`${key}\` contains \`${feature}\`)`;
  const g = engine.rules.groupIndex.get(key);
  return because(`turned ${value ? 'on' : 'off'} by the request's \`${key}=${value ? 'on' : 'off'}\`${via}`,
    g !== undefined ? engine.rules.groups[g]!.rule : undefined, [], { kind: 'prop', key, value: value === true });
}

/** Why the model's starting set has (or lacks) the feature. */
function startingSet(engine: Engine, { cls, start }: Subject, f: number): Because {
  if (cls.kind === 'qemu' || cls.kind === 'max') return qemuListReason(engine, cls, f);
  const kind = setKindOf(cls);
  const edit = engine.solution.why[cls.def.level]![kind][f];
  const off = kind === 'default' ? featoffsOf(engine.machine, cls.def, f)[0] : undefined;
  const premise = off && edit ? featoffReason(engine, off, f, addedBy(engine, edit, f, kind, cls.def.level))
    : edit ? addedBy(engine, edit, f, kind, cls.def.level) : whyAbsent(engine, cls, kind, f);
  return because(off ? `${start}, less the featoffs of machine type ${engine.machine.name}` : start, cls.def.rule, [premise],
    { kind: 'starts-from', model: cls.name, set: kind, level: engine.rules.levels[cls.def.level]!.key });
}

const setKindOf = (cls: ModelClass): SetKind => (cls.kind === 'base' ? 'base' : 'default');

/** The claim of startingSet for a named model ('' for qemu and max, which start from a qemu feature list). */
function startClaim(engine: Engine, cls: ModelClass): string {
  if (cls.kind === 'qemu' || cls.kind === 'max') return '';
  return `\`${cls.name}\` starts from the ${setKindOf(cls)} set of ${engine.rules.levels[cls.def.level]!.key}`;
}

/** The first machine (in application order) whose featoff takes the feature out of the default set. */
function featoffReason(engine: Engine, { machine, featoff }: ActiveFeatoff, f: number, present: Because): Because {
  const feature = engine.rules.features[f]!.name;
  const edit = featoff.edits.find((e) => e.mask.has(f))!;
  const via = edit.item === feature ? '' : ` as part of group \`${edit.item}\``;
  const from = engine.rules.levels.find((l) => l.gen === featoff.gen && l.ga === featoff.ga)?.key ?? `${featoff.gen}.${featoff.ga}`;
  const inherited = machine.name === engine.machine.machine?.name ? '' : ` (inherited by ${engine.machine.name})`;
  const reason = featoff.reason ? `: ${featoff.reason}` : '';
  return because(`switched off${via} by machine type ${machine.name}${inherited} in the default set of every definition from ${from} on${reason}`,
    edit.rule, [present], { kind: 'featoff', feature, machine: machine.name, gen: featoff.gen, ga: featoff.ga });
}

function addedBy(engine: Engine, edit: Edit, f: number, kind: SetKind, level: number): Because {
  const at = engine.rules.levels[edit.level!]!;
  const feature = engine.rules.features[f]!.name;
  const via = edit.item === feature ? '' : ` as part of group \`${edit.item}\``;
  const list = edit.list === kind ? `the ${kind} list` : `the ${edit.list} list (which feeds the ${kind} set)`;
  const inherited = edit.level === level ? '' : ', and inherited by every later GA level';
  return because(`added${via} by ${list} of ${at.key}${inherited}`, edit.rule, [], { kind: 'added', feature, level: at.key, list: edit.list! });
}

/** Absent: removed by a later level, or never added (then: where it first appears). */
function whyAbsent(engine: Engine, cls: ModelClass, kind: SetKind, f: number): Because {
  const removal = lastRemoval(engine, kind, f, cls.def.level);
  if (removal) {
    const level = engine.rules.levels[removal.level!]!;
    return because(`removed from the ${kind} set at ${level.key}${level.removeReason ? `: ${level.removeReason}` : ''}`, removal.rule, [],
      { kind: 'removed', feature: engine.rules.features[f]!.name, level: level.key, list: kind });
  }
  const full = engine.solution.sets[cls.def.level]!.full;
  if (full.has(f)) {
    const name = engine.rules.features[f]!.name, key = engine.rules.levels[cls.def.level]!.key;
    return because(`no level up to ${key} adds it to the ${kind} set; it is in the full set, so \`${name}=on\` may enable it`,
      undefined, [...laterAdditions(engine, kind, f, cls.def.level), addedBy(engine, engine.solution.why[cls.def.level]!.full[f]!, f, 'full', cls.def.level)],
      { kind: 'not-added', feature: name, set: kind, level: key });
  }
  return notInFull(engine, cls, f);
}

/** Why-not: the rules that would derive the fact, and the premise that fails (their level is later). */
function laterAdditions(engine: Engine, kind: SetKind, f: number, level: number): Because[] {
  const lists: SetKind[] = kind === 'base' ? ['base'] : ['base', kind];
  const here = engine.rules.levels[level]!.key;
  const out: Because[] = [];
  for (const l of engine.rules.levels.slice(level + 1)) {
    for (const list of lists) {
      for (const e of l.add[list]) {
        if (!e.mask.has(f)) continue;
        out.push(because(`the ${list} list of ${l.key} would add it, but ${l.key} is later than ${here}`, e.rule));
        if (out.length === 3) return out;
      }
    }
  }
  return out;
}

function lastRemoval(engine: Engine, kind: SetKind, f: number, upTo: number): Edit | undefined {
  let found: Edit | undefined;
  for (let i = 0; i <= upTo; i++) {
    const level = engine.rules.levels[i]!;
    found = lastWith(level.remove[kind], f) ?? found;
    if (lastWith(level.add.base, f) || (kind !== 'base' && lastWith(level.add[kind], f))) found = undefined;
  }
  return found;
}

function lastWith(edits: readonly Edit[], f: number): Edit | undefined {
  let found: Edit | undefined;
  for (const e of edits) if (e.mask.has(f)) found = e;
  return found;
}

/** The generation limit: the first level whose full set has it, and the models with it. */
export function notInFull(engine: Engine, cls: ModelClass, f: number): Because {
  const name = engine.rules.features[f]!.name;
  const { first, models } = introduction(engine, f);
  const fact = { kind: 'not-in-full' as const, feature: name, definition: cls.def.name };
  if (first < 0) return because(`\`${name}\` is in no CPU definition's full set, so no model can enable it`, engine.rules.features[f]!.rule, [], fact);
  const edit = engine.solution.why[first]!.full[f]!;
  return because(`\`${name}\` is not in the full set of \`${cls.def.name}\`: it was introduced with ${engine.rules.levels[first]!.key} ` +
    `(models with it: ${models})`, edit.rule, [], fact);
}

/** Where each feature enters the full sets: the first level (-1: none) and the definitions with it, as text; made once per solution. */
interface Introduction { first: number; models: string }
const introductions = new WeakMap<Solution, Introduction[]>();

function introduction(engine: Engine, f: number): Introduction {
  let all = introductions.get(engine.solution);
  if (!all) introductions.set(engine.solution, (all = []));
  return (all[f] ??= introduce(engine, f));
}

function introduce(engine: Engine, f: number): Introduction {
  const first = engine.rules.levels.findIndex((_, i) => engine.solution.sets[i]!.full.has(f));
  const models = engine.rules.definitions.filter((d) => engine.solution.sets[d.level]!.full.has(f)).map((d) => d.name);
  return { first, models: `${models.slice(0, 6).join(', ')}${models.length > 6 ? ', …' : ''}` };
}

function qemuListReason(engine: Engine, cls: ModelClass, f: number): Because {
  const env = engine.options.environment;
  if (cls.kind === 'max' && env?.host) {
    return because(`\`${cls.name}\` is the host model of environment ${env.env.name}: ${env.host.def.name} with the features the layers below offer`,
      env.host.def.rule, [explainHostFeature(engine, env, env.host, f)], { kind: 'starts-from', model: cls.name, set: 'host', level: env.env.name });
  }
  const ref = cls.kind === 'max' ? engine.rules.tcgMax : engine.machine.qemu;
  const list = engine.rules.qemuLists.find((l) => l.mask.has(f));
  const upTo = engine.rules.qemuLists.findIndex((l) => l.name === ref.list);
  const inList = list && engine.rules.qemuLists.indexOf(list) <= upTo;
  const name = engine.rules.features[f]!.name;
  const claim = inList ? `\`${name}\` is in the qemu feature list ${list.name}, which ${ref.list} includes` : `no qemu feature list up to ${ref.list} has \`${name}\``;
  const fact = { kind: 'in-qemu-list' as const, feature: name, list: ref.list, value: Boolean(inList) };
  return because(`\`${cls.name}\` is ${cls.def.name} with the qemu feature list ${ref.list}${cls.kind === 'qemu' ? setBy(engine) : ''}`, ref.rule, [because(claim, inList ? list.rule : undefined, [], fact)],
    { kind: 'starts-from', model: cls.name, set: `qemu-list ${ref.list}`, level: engine.rules.levels[cls.def.level]!.key });
}

/** Which machine type set the `qemu` model, when one did. */
function setBy(engine: Engine): string {
  const { qemuSetBy, machine, name } = engine.machine;
  if (!qemuSetBy) return '';
  return qemuSetBy === machine ? `, as machine type ${name} sets it` : `, as machine type ${qemuSetBy.name} sets it (inherited by ${name})`;
}
