/**
 * The model for a cluster: the baseline of every host model (folded), which
 * host removed which feature, the dependencies the result breaks (QEMU warns
 * about them when a VM starts, on every host alike), and a proposal that
 * runs everywhere and breaks none.
 */
import { because, type Because } from '../../../explain/because.js';
import { Bitset } from '../../../util/bitset.js';
import type { ClusterAnswer } from '../../types.js';
import type { CpuModel } from './catalog.js';
import { compress } from './compress.js';
import type { Engine } from './engine.js';
import { fail, ok, type Result } from './errors.js';
import { staticInfo } from './expand.js';
import { closureOf } from './lint.js';
import { featureGroups } from './missing.js';
import { runsOn } from './run-fix.js';
import { brokenDependencies, dependencyWarning } from './runnable.js';

const envName = (e: Engine) => e.options.environment!.env.name;
const hostOf = (e: Engine): CpuModel => e.options.environment!.host!;

/** The model that runs on every host of a cluster: the baseline of all host models, folded. */
export function clusterBaseline(engines: readonly Engine[]): Result<CpuModel> {
  const hosts = engines.map((e) => e.options.environment?.host);
  if (hosts.some((h) => !h)) return fail({ code: 'not-supported', desc: 'every environment of a cluster needs a KVM host model' });
  const [first, ...rest] = hosts.map((h) => ({ def: h!.def, features: h!.features }));
  let acc: CpuModel = first!;
  for (const next of rest) {
    const step = engines[0]!.baselineOf(acc, next);
    if (!step.ok) return step;
    acc = step.value;
  }
  return ok(acc);
}

/** Per host: the features of any host that the result lacks because this host lacks them, grouped by reason. */
function removedBy(engines: readonly Engine[], model: CpuModel): Because[] {
  const union = engines.reduce((u, e) => u.orIn(hostOf(e).features), new Bitset(engines[0]!.rules.size));
  const gone = union.andNot(model.features);
  const out: Because[] = [];
  for (const e of engines) {
    const lacking = gone.andNot(hostOf(e).features);
    if (lacking.isEmpty()) continue;
    const props = compress(e.rules, lacking);
    out.push(because(`${envName(e)} removed ${props.length}: ${props.join(' ')}`, undefined, featureGroups(e, lacking).map((g) => g.because)));
  }
  const common = engines.reduce((c, e) => c.andIn(hostOf(e).features), union.clone());
  const cut = compress(engines[0]!.rules, common.andNot(model.features));
  if (cut.length) out.push(because(`the baseline removed ${cut.length} that every host has: outside the full set of ${model.def.name}: ${cut.join(' ')}`, model.def.rule));
  return out;
}

function generationOf(engines: readonly Engine[], model: CpuModel): Because {
  const defs = engines.map((e) => `${envName(e)}: ${hostOf(e).def.name} (gen ${hostOf(e).def.gen} GA ${hostOf(e).def.ga})`);
  return because(`the definition is ${model.def.name}, the baseline of the host models' definitions: ${defs.join(', ')}`, model.def.rule);
}

/** The dependencies the model breaks, each with the hosts that lack what is required. */
function dependencyProblems(engines: readonly Engine[], model: CpuModel): { warnings: string[]; because: Because | null; disable: Bitset } {
  const e = engines[0]!;
  const broken = brokenDependencies(e, model);
  const disable = new Bitset(e.rules.size);
  const { neededBy } = closureOf(e);
  for (const d of broken) disable.add(d.feature).orIn(neededBy[d.feature]!.and(model.features));
  if (broken.length === 0) return { warnings: [], because: null, disable };
  const name = (i: number) => e.rules.features[i]!.name;
  const premises = broken.map((d) => {
    const without = engines.filter((h) => !hostOf(h).features.has(d.requires)).map(envName);
    const where = without.length ? `\`${name(d.requires)}\` is missing on ${without.join(', ')}` : `the baseline dropped \`${name(d.requires)}\``;
    return because(`'${name(d.feature)}' requires '${name(d.requires)}': ${where}`, d.rule, [], { kind: 'requires', feature: name(d.feature), requires: name(d.requires) });
  });
  return { warnings: broken.map((d) => dependencyWarning(e, d)), disable,
    because: because(`the model breaks ${broken.length} dependencies on every host (QEMU warns when a VM starts)`, undefined, premises) };
}

/** The cluster's model, why it lacks what it lacks, its dependency problems and a proposal. */
export function clusterAnswer(engines: readonly Engine[]): Result<ClusterAnswer> {
  const base = clusterBaseline(engines);
  if (!base.ok) return base;
  const model = base.value;
  const e = engines[0]!;
  const info = staticInfo(e.rules, model, e.sets(model).base);
  const deps = dependencyProblems(engines, model);
  const proposed = { def: model.def, features: model.features.andNot(deps.disable) };
  const good = deps.because !== null && engines.every((h) => runsOn(h, proposed)) && brokenDependencies(e, proposed).length === 0;
  const proposal = good ? staticInfo(e.rules, proposed, e.sets(proposed).base) : null;
  const drop = compress(e.rules, deps.disable);
  const premises = [generationOf(engines, model), ...removedBy(engines, model), ...(deps.because ? [deps.because] : []),
    ...(proposal ? [because(`proposed: switch off ${drop.join(' ')}: runs on every host and breaks no dependency`)] : [])];
  const explanation = because(`the model for ${engines.map(envName).join(', ')} is ${info.name} with ${model.features.count()} features`, model.def.rule, premises);
  return ok({ model: info, warnings: deps.warnings, proposal, drop: proposal ? drop : [], explanation });
}
