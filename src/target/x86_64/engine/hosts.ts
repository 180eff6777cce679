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
import { isSet } from './state.js';

/** The names of the features a request's expanded instance has on, in feature order. */
function featuresOn(engine: X86Engine, req: ModelRequest, order: PropOrder = 'qmp'): string[] | null {
  const built = engine.expanded(req, order);
  if (!built.ok) return null;
  const s = built.value.state;
  return engine.rules.features.filter((f) => f.bits.every((b) => isSet(s.f, b))).map((f) => f.name);
}

const asX86 = (e: ArchEngine) => e as unknown as X86Engine;
const spec = (req: ModelRequest) => [req.name, ...(Array.isArray(req.props) ? req.props.map(([k, v]) => `${k}=${v === true ? 'on' : v === false ? 'off' : String(v)}`) : [])].join(',');

/** What the host offers that its host model leaves out, and what the description lists that these rules do not know. */
function explainHost(engine: X86Engine, env: X86Environment): Because {
  const { rules } = engine;
  const model = new Set(featuresOn(engine, { name: 'host' }) ?? []);
  const offered = rules.features.filter((f) => f.bits.every((b) => rules.accel.supported.has(b)));
  const vendor = rules.accel.hostValues?.find((h) => h.key === 'vendor')?.value;
  const left = offered.filter((f) => !model.has(f.name)).map((f) => {
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
  const expanded = target.expanded ? [because(`the source expands \`${spec(req)}\` to its host model with ${(featuresOn(from, req) ?? []).length} features; the target must run that model`)] : [];
  const explanation = because(`\`${spec(req)}\` ${okBoth ? 'can' : 'cannot'} migrate from ${from.environment} to ${to.environment}${failed}`, undefined,
    [...expanded, side(source.value, 'source'), side(there.value, 'target')]);
  return ok({ ok: okBoth, model: target.model, source: source.value, target: there.value, explanation });
}

/** The features every host model has, as `base` with props; per host, what it removed; a proposal without dependency warnings. */
export function cluster(engines: readonly X86Engine[]): Result<ClusterAnswer> {
  if (engines.some((e) => e.hosts?.hostModel('static') === null)) return fail({ code: 'not-supported', desc: 'every environment of a cluster needs a KVM host model' });
  const models = engines.map((e) => featuresOn(e, { name: 'host' }) ?? []);
  const common = models.reduce((acc, m) => acc.filter((f) => m.includes(f)));
  const req: ModelRequest = { name: 'base', props: common.map((f) => [f, true] as PropEntry) };
  const first = engines[0]!;
  const info = first.expand(req, 'static');
  if (!info.ok) return info;
  const realized = first.realize(req, 'qmp');
  const warnings = realized.ok ? realized.value.warnings : [];
  const lint = first.lint(req, 'qmp');
  const drop = lint.ok ? lint.value.fixes.find((f) => f.action === 'disable')?.features ?? [] : [];
  const proposal = drop.length ? first.expand({ name: 'base', props: common.filter((f) => !drop.includes(f)).map((f) => [f, true] as PropEntry) }, 'static') : null;
  const union = [...new Set(models.flat())];
  const removed = engines.map((e, i) => ({ name: e.environment, lacking: union.filter((f) => !models[i]!.includes(f)) })).filter((r) => r.lacking.length);
  const explanation = because(`the cluster model has the ${common.length} features every host model has`, undefined, [
    ...removed.map((r) => because(`${r.name} removed ${r.lacking.length}: ${r.lacking.join(' ')}`, engines.find((e) => e.environment === r.name)!.rules.accel.rule)),
    ...(warnings.length ? [because(`the model breaks ${warnings.length} dependencies (QEMU warns when a VM starts)`, undefined, warnings.map((w) => because(w)))] : []),
  ]);
  return ok({ model: info.value.model, warnings, proposal: proposal?.ok ? proposal.value.model : null, drop, explanation });
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
