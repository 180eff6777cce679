/**
 * Why a model cannot run where an engine runs, one group per reason: the
 * generation, an environment rule (export regulation when the rule tests the
 * CPACF enablement), the environment's explicit facts, or the accelerator
 * (TCG's maximum model). Each missing property is in exactly one group.
 */
import type { RuleRef } from '../../../explain/because.js';
import { at, because, type Because } from '../../../explain/because.js';
import type { Bitset } from '../../../util/bitset.js';
import type { MissingReason } from '../../types.js';
import type { CpuModel } from './catalog.js';
import { compareGeneration } from './compare.js';
import { compress } from './compress.js';
import type { Engine } from './engine.js';
import { generationReason } from './explain-compare.js';
import { explainHostFeature } from './explain-host.js';

/** A reason group with its explanation (the deciding rule and the facts behind it). */
export interface ReasonGroup extends MissingReason {
  because: Because;
}

interface Cause {
  key: string;
  kind: string;
  reason: string;
  rule?: RuleRef;
  /** The facts behind the reason, from the explanation of one member. */
  detail: (f: number) => Because[];
}

/** The order groups are listed in. */
const KIND_ORDER = ['generation', 'export-regulation', 'environment', 'explicit', 'tcg'];

/** Does a condition tree test the fact? */
function testsFact(tree: unknown, fact: string): boolean {
  if (typeof tree !== 'object' || tree === null) return false;
  const t = tree as Record<string, unknown>;
  if (t.fact === fact) return true;
  return ['all', 'any'].some((k) => Array.isArray(t[k]) && (t[k] as unknown[]).some((c) => testsFact(c, fact))) || testsFact(t.not, fact);
}

/** Why `max` (the host model, or TCG's maximum model) lacks feature f. */
function causeOf(engine: Engine, f: number): Cause {
  const env = engine.options.environment;
  if (!env?.host) {
    const ref = engine.rules.tcgMax;
    return { key: 'tcg', kind: 'tcg', rule: ref.rule, detail: () => [],
      reason: `TCG does not emulate them: the TCG maximum model (${engine.max.def.name} with the qemu feature list ${ref.list}) lacks them` };
  }
  const host = env.host;
  const why = host.why.get(f);
  const detail = (g: number) => explainHostFeature(engine, env, host, g).premises ?? [];
  if (why?.kind === 'rule') {
    const kind = testsFact(why.rule.condition, 'cpacf') ? 'export-regulation' : 'environment';
    return { key: `rule:${why.rule.id}`, kind, rule: why.rule.rule, detail, reason: `environment rule \`${why.rule.id}\`: ${why.rule.reason}` };
  }
  if (why?.kind === 'offer') {
    const note = env.env.offerReason ? `: ${env.env.offerReason}` : '';
    return { key: 'offer', kind: 'explicit', rule: why.edit.rule, detail, reason: `taken away explicitly by environment ${env.env.name} (${env.env.file})${note}` };
  }
  if (why?.kind === 'outside-definition') {
    return { key: `def:${why.def.name}`, kind: 'generation', rule: why.def.rule, detail,
      reason: `outside the full set of ${why.def.name}, the definition QEMU picks for this host (cpu type and IBC)` };
  }
  return { key: 'hardware', kind: 'generation', rule: host.hardware.rule, detail,
    reason: `the hardware (${host.hardware.name}, gen ${host.hardware.gen} GA ${host.hardware.ga}) does not have them` };
}

const LABEL: Record<string, string> = {
  generation: 'generation', 'export-regulation': 'export regulation', environment: 'environment rule', explicit: 'environment facts', tcg: 'TCG',
};

/** The generation check: the model's definition is newer than `max`'s. */
function generationGroup(engine: Engine, model: CpuModel): ReasonGroup | null {
  const max = engine.max;
  if (compareGeneration(model.def, max.def) !== 'superset') return null;
  const where = engine.options.environment?.host ? 'the host model' : 'the TCG maximum model';
  const reason = `the model is ${model.def.name} (gen ${model.def.gen} GA ${model.def.ga}), newer than ${where}, ${max.def.name} (gen ${max.def.gen} GA ${max.def.ga})`;
  return { kind: 'generation', label: LABEL.generation!, reason, rule: at(max.def.rule), features: ['type'],
    because: because(`generation: ${reason}`, max.def.rule, [generationReason(model.def, max.def, ['the model', 'max'])]) };
}

/** A missing property's representative feature: itself, or the group's first missing member. */
function memberOf(engine: Engine, prop: string, missing: Bitset): number {
  const g = engine.rules.groupIndex.get(prop);
  return g === undefined ? engine.rules.featureIndex.get(prop)! : engine.rules.groups[g]!.members.find((m) => missing.has(m))!;
}

/** Features of `missing` grouped by the reason `max` lacks them (props in QEMU's compressed form). */
export function featureGroups(engine: Engine, missing: Bitset): ReasonGroup[] {
  const groups = new Map<string, { cause: Cause; props: string[]; first: number }>();
  for (const prop of compress(engine.rules, missing)) {
    const f = memberOf(engine, prop, missing);
    const cause = causeOf(engine, f);
    const g = groups.get(cause.key) ?? { cause, props: [], first: f };
    g.props.push(prop);
    groups.set(cause.key, g);
  }
  const out = [...groups.values()].map(({ cause, props, first }): ReasonGroup => ({
    kind: cause.kind, label: LABEL[cause.kind]!, reason: cause.reason, ...(cause.rule ? { rule: at(cause.rule) } : {}), features: props,
    because: because(`${LABEL[cause.kind]}: ${props.length} missing, ${cause.reason}: ${props.join(' ')}`, cause.rule, cause.detail(first)),
  }));
  return out.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** Everything that keeps the model from running here, grouped: the generation first, then the features. */
export function missingReasons(engine: Engine, model: CpuModel): ReasonGroup[] {
  const gen = generationGroup(engine, model);
  return [...(gen ? [gen] : []), ...featureGroups(engine, model.features.andNot(engine.max.features))];
}

/** The groups as data, without their explanations. */
export function reasonsData(groups: readonly ReasonGroup[]): MissingReason[] {
  return groups.map(({ because: _, ...data }) => data);
}
