/**
 * `cpumodel host import` for IBM Z: a recorded host model (QMP expansion,
 * libvirt's host-model or capability cache) or a /proc/cpuinfo becomes an
 * environment description whose host model is the recorded one.
 */
import { error, warning, type Diagnostic } from '../../../diag/diagnostic.js';
import type { EvidenceModel, HostEvidence } from '../../../hosts/evidence.js';
import type { Bitset } from '../../../util/bitset.js';
import { Engine } from '../query/engine.js';
import { didYouMean } from '../../../util/fuzzy.js';
import type { HostImport, HostImportOptions, ModelRequest } from '../../types.js';
import type { S390xRules } from '../index.js';
import { s390xEngine } from '../runtime.js';
import { importCpuinfo } from './cpuinfo.js';
import { difference, draftYaml, summaryOf, type Draft } from './draft.js';
import { fitRecording, knownCapabilities } from './fit.js';

type Out = HostImport | { diagnostics: Diagnostic[] };

/** A list of names for a comment line, at most 20 of them. */
const listed = (names: readonly string[]) => (names.length > 20 ? `${names.slice(0, 20).join(', ')} … and ${names.length - 20} more` : names.join(', '));

/** The feature set a recorded model stands for (its definition's base plus props), as a full expansion gives it. */
function recordedFeatures({ rules, solution }: S390xRules, model: EvidenceModel, unknowns: string[]): Bitset | Diagnostic {
  const knows = (k: string) => rules.featureIndex.has(k) || rules.groupIndex.has(k);
  const known = Object.entries(model.props).filter(([k, v]) => typeof v === 'boolean' && knows(k));
  const unknown = Object.entries(model.props).filter(([k, v]) => v === true && !knows(k)).map(([k]) => k);
  if (unknown.length) unknowns.push(`features this rule set does not know, left out: ${listed(unknown)}`);
  const req: ModelRequest = { name: model.name, props: known };
  const built = new Engine(rules, solution, {}).build(req);
  if (built.ok) return built.value.features;
  const r = s390xEngine(rules, solution, {});
  const text = 'engine' in r ? r.engine.errorText(built.error) : built.error.code;
  return error('import/bad-host-model', `the recorded host model cannot be built: ${text}`, model.span, 'engine' in r ? r.engine.hint(built.error) : undefined);
}

function definitionOf({ rules }: S390xRules, model: EvidenceModel) {
  const name = model.name.replace(/-base$/, '');
  const index = rules.definitionIndex.get(name);
  if (index !== undefined) return rules.definitions[index]!;
  const names = rules.definitions.map((d) => d.name);
  return error('import/unknown-model', `\`${model.name}\` is no CPU definition of this rule set`, model.span, didYouMean(name, names) ?? 'an IBM Z host model names a definition such as `gen16a-base`');
}

async function importRecording(solved: S390xRules, evidence: HostEvidence, options: HostImportOptions): Promise<Out> {
  const { rules, solution } = solved;
  const model = evidence.models[0]!;
  const def = definitionOf(solved, model);
  if ('code' in def) return { diagnostics: [def] };
  const unknowns: string[] = [];
  const features = recordedFeatures(solved, model, unknowns);
  if ('code' in features) return { diagnostics: [features] };
  const qemu = options.qemu ?? evidence.qemu;
  const caps = knownCapabilities(rules);
  const start: Draft = { description: `${def.desc || def.name}, imported host (${options.name})`, qemu, cpuType: def.cpuType, ga: def.ga, layers: ['lpar'], nested: false, capabilities: caps, cpacf: true, add: [], remove: [] };
  const { draft, got } = await fitRecording(rules, solution, def, features, start, `${options.name}.yaml`);
  const diagnostics: Diagnostic[] = [];
  const other = evidence.models[1] && recordedFeatures(solved, evidence.models[1], []);
  if (other && !('code' in other) && !other.equals(features)) {
    diagnostics.push(warning('import/inconsistent-expansions', 'the full expansion of `host` describes other features than the static one', evidence.models[1]!.span, 'the static expansion is imported; check the recording'));
  }
  const [missing, extra] = 'error' in got ? [[], []] : difference(rules, features, got.features);
  if ('error' in got || got.def !== def.name || missing.length + extra.length > 0) {
    diagnostics.push(warning('import/not-reproduced', `the environment does not reproduce the recorded host model${'error' in got ? `: ${got.error}` : ` (${got.def}; missing ${missing.join(' ') || 'none'}; extra ${extra.join(' ') || 'none'})`}`, model.span, 'check the QEMU version (--qemu) and the rules the environment fires (cpumodel host ENV --explain)'));
  }
  unknowns.push(
    `the machine: taken as the recorded definition's (cpu type 0x${def.cpuType.toString(16)}, GA ${def.ga}); a newer machine capped by its IBC gives the same host model`,
    'the layers below KVM: assumed an LPAR',
    `kernel capabilities that do not change the host model: ${caps.filter((c) => !draft.capabilities.includes(c)).join(', ') || 'none'} (left out)`,
  );
  if (!qemu) unknowns.push(`the QEMU version: not in the input, the profile's is used (${rules.profile.qemu}); give --qemu VERSION`);
  return { kind: 'environment', text: draftYaml(draft), summary: summaryOf(draft, got), unknowns, warnings: diagnostics };
}

export async function importHost(solved: S390xRules, evidence: HostEvidence, options: HostImportOptions): Promise<Out> {
  if (evidence.kind === 'cpuinfo') return importCpuinfo(solved, evidence, options);
  if (evidence.accel === 'tcg') {
    return { diagnostics: [error('import/not-kvm', 'the input describes TCG, not a KVM host', evidence.models[0]?.span, 'take the dump on the KVM host (`virsh domcapabilities` with domain type kvm)')] };
  }
  return importRecording(solved, evidence, options);
}
