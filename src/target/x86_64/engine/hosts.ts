/**
 * Questions about described x86 hosts (KVM): the host model, what it leaves
 * out, migration (the source expands `host`/`max` to a concrete model the
 * target must run) and clusters (the features every host model has, as a
 * static model that runs on each host).
 */
import { because, type Because } from '../../../explain/because.js';
import { fail, ok, type Result } from '../../result.js';
import type { ArchEngine, ClusterAnswer, Hosts, MigrationVerdict, ModelInfo, ModelRequest, PropEntry, PropOrder, RunVerdict } from '../../types.js';
import type { X86Environment } from '../host.js';
import type { X86Engine } from './engine.js';
import { DEPENDS } from './expand.js';
import { describeRequest } from './explain.js';
import { asRequest, clusterSides, sideOf, type Side } from './relations.js';

const asX86 = (e: ArchEngine) => e as unknown as X86Engine;
/** How many features a request's expanded instance has on (0 when it does not build). */
const featureCount = (engine: X86Engine, req: ModelRequest) => { const s = sideOf(engine, req); return s.ok ? s.value.features.length : 0; };

/** What the host offers that its host model leaves out, and what the description lists that these rules do not know. */
function explainHost(engine: X86Engine, env: X86Environment): Because {
  const { rules } = engine;
  const host = sideOf(engine, { name: 'host' });
  const model = new Set(host.ok ? host.value.features : []);
  const offered = rules.features.filter((f) => f.bits.every((b) => rules.accel.supported.has(b)));
  const vendor = rules.accel.hostValues?.find((h) => h.key === 'vendor')?.value;
  const left = offered.filter((f) => !model.has(f.index)).map((f) => {
    const b = f.bits[0]!;
    const word = rules.words[f.word]!;
    const [why, rule] = rules.noAutoenable.has(b) ? ['`host` never enables it by itself (no-autoenable)', rules.flagRule[b]]
      : !rules.migratable.has(b) ? ['it is unmigratable and `migratable` is on', rules.flagRule[b]]
      : word.autoenableVendor && word.autoenableVendor !== vendor ? [`\`host\` enables \`${word.name}\` only for ${word.autoenableVendor} (this host is ${String(vendor ?? 'unknown')})`, word.rule]
      : ['a dependency clears it', rules.accel.supportRule[b]];
    return because(`\`${f.name}\` is offered but off: ${why}`, rule ?? rules.accel.supportRule[b]);
  });
  const unknown = env.unknown.length ? [because(`the description lists ${env.unknown.length} features QEMU ${rules.profile.qemu} does not know: ${env.unknown.join(', ')}`, rules.accel.rule)] : [];
  return because(`\`host\` on ${env.name} has ${model.size} of the ${offered.length} features KVM offers there`, rules.accel.rule, [...left, ...unknown]);
}

function side(v: RunVerdict, role: string): Because {
  if (v.runnable) return because(`runs on ${role} ${v.environment}`);
  return because(`cannot run on ${role} ${v.environment}`, undefined, v.explanation?.premises ?? [because(`QEMU: ${v.error ?? ''}`)]);
}

/** The request the target must run: host/max as the source expands them (a static model), anything else as asked. */
function onTarget(from: X86Engine, req: ModelRequest, order: PropOrder): { req: ModelRequest; model: ModelInfo | null; expanded: boolean } {
  const x = from.expand(req, 'static', order === 'as-given' ? 'qmp' : order);
  const model = x.ok ? x.value.model : null;
  const expanded = from.classOf(req.name)?.special?.autoenable === true;
  if (!expanded || !model) return { req, model, expanded: false };
  // The features decide where it runs; the identity (family, vendor, …) travels with the guest and does not.
  const features = Object.entries(model.props ?? {}).filter(([, v]) => typeof v === 'boolean') as PropEntry[];
  return { req: { name: model.name, props: features }, model, expanded };
}

export function migrate(from: X86Engine, to: X86Engine, req: ModelRequest, order: PropOrder = 'as-given'): Result<MigrationVerdict> {
  const source = from.checkRun(req, order);
  if (!source.ok) return source;
  const target = onTarget(from, req, order);
  const there = to.checkRun(target.req, target.expanded ? 'qmp' : order);
  if (!there.ok) return there;
  const okBoth = source.value.runnable && there.value.runnable;
  const failed = okBoth ? '' : `: the ${[source.value.runnable ? '' : 'source', there.value.runnable ? '' : 'target'].filter(Boolean).join(' and the ')} fails`;
  const expanded = target.expanded ? [because(`the source expands \`${describeRequest(req)}\` to its host model with ${featureCount(from, req)} features; the target must run that model`)] : [];
  const explanation = because(`\`${describeRequest(req)}\` ${okBoth ? 'can' : 'cannot'} migrate from ${from.environment} to ${to.environment}${failed}`, undefined,
    [...expanded, side(source.value, 'source'), side(there.value, 'target')]);
  return ok({ ok: okBoth, model: target.model, source: source.value, target: there.value, explanation });
}

/**
 * The cluster's model: the baseline of every host model (their common
 * features, as the named model that describes them best plus props), which
 * host removed what, and a proposal without QEMU's dependency warnings.
 */
export function cluster(engines: readonly X86Engine[]): Result<ClusterAnswer> {
  if (engines.some((e) => e.hosts?.hostModel('static') === null)) return fail({ code: 'not-supported', desc: 'every environment of a cluster needs a KVM host model' });
  const sides: Side[] = [];
  for (const e of engines) {
    const side = sideOf(e, { name: 'host' });
    if (!side.ok) return side;
    sides.push(side.value);
  }
  const vendors = [...new Set(sides.map((x) => x.vendor))];
  if (vendors.length > 1) return fail({ code: 'not-supported', desc: `the hosts' vendors differ (${engines.map((e, i) => `${e.environment}: ${sides[i]!.vendor}`).join(', ')}): no model runs on all of them` });
  const first = engines[0]!;
  const base = clusterSides(first, sides);
  if (!base.ok) return base;
  const req = asRequest(base.value.model);
  const info = first.expand(req, 'static');
  if (!info.ok) return info;
  const realized = first.realize(req, 'qmp');
  const warnings = realized.ok ? realized.value.warnings.filter((w) => w.startsWith(DEPENDS)) : [];
  const name = (i: number) => first.rules.features[i]!.name;
  const union = [...new Set(sides.flatMap((x) => x.features))];
  const removed = engines.map((e, i) => ({ e, lacking: union.filter((f) => !sides[i]!.features.includes(f)).map(name) })).filter((r) => r.lacking.length);
  const chosen = base.value.chosen;
  const explanation = because(`the cluster model is \`${base.value.model.name}\` with ${Object.keys(base.value.model.props ?? {}).length} props: the ${base.value.common.length} features every host model has`, chosen?.cls.rule, [
    ...removed.map((r) => because(`${r.e.environment} removed ${r.lacking.length}: ${r.lacking.join(' ')}`, r.e.rules.accel.rule)),
    ...base.value.dropped.map((d) => because(`\`${name(d.feature)}\` is left out: it needs one of ${d.needs.map((n) => `\`${name(n)}\``).join(', ')}, which the hosts do not share`)),
    chosen ? because(`\`${chosen.cls.name}\` is the ${vendors[0]} model that covers most of them and needs nothing else`, chosen.cls.rule) : because('no named model fits inside the common features: `base`'),
  ]);
  return ok({ model: base.value.model, warnings, proposal: null, drop: [], explanation });
}

export function x86Hosts(engine: X86Engine, env: X86Environment): Hosts {
  return {
    hostModel: (type) => {
      if (!env.kvm) return null;
      const x = engine.expand({ name: 'host' }, type);
      return x.ok ? x.value.model : null;
    },
    explainHost: () => (env.kvm ? explainHost(engine, env) : null),
    description: () => env.description,
    migrate: (to, req, order) => migrate(engine, asX86(to), req, order),
    cluster: (others) => cluster([engine, ...others.map(asX86)]),
  };
}
