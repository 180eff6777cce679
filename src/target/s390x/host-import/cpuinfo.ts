/**
 * An IBM Z /proc/cpuinfo: the machine type (`processor N: … machine =
 * 3906`) gives the cpu type; `facilities` (newer kernels) gives the STFLE
 * facility bits the LPAR or hypervisor passes on; `version = FF` says the
 * kernel runs under a hypervisor, and `sie` in `features` that it can run
 * KVM guests. It cannot tell the GA for sure, the IBC, the query masks of
 * the CPACF and other instructions (the subfunctions), the SCLP features,
 * the kernel's capabilities or the QEMU version: those are assumed and said.
 */
import { error, warning, type Diagnostic } from '../../../diag/diagnostic.js';
import { fileStart } from '../../../parse/outline.js';
import type { DumpLine, HostEvidence } from '../../../hosts/evidence.js';
import type { HostImport, HostImportOptions } from '../../types.js';
import type { CompiledRules, DefinitionIR } from '../compile/ir.js';
import type { S390xRules } from '../index.js';
import type { Solution } from '../solve/generations.js';
import { draftYaml, evaluate, summaryOf, type Draft } from './draft.js';
import { knownCapabilities } from './fit.js';

interface Cpuinfo { machine: number; machineLine: DumpLine; virtual: boolean; facilities?: Set<number>; sie: boolean }

function readCpuinfo(evidence: HostEvidence): Cpuinfo | Diagnostic {
  const proc = evidence.lines.find((l) => /^processor \d+$/.test(l.key) && /machine\s*=/.test(l.value));
  if (!proc) return error('import/no-machine-type', 'the cpuinfo has no `processor N: … machine = …` line', fileStart(evidence.file), 'give the whole /proc/cpuinfo of the host');
  const m = /machine\s*=\s*([0-9A-Fa-f]{4})\b/.exec(proc.value);
  if (!m) return error('import/bad-cpuinfo', `cannot read the machine type in \`${proc.value}\``, proc.valueSpan, 'the machine type is four hex digits, e.g. `machine = 3906`');
  const fac = evidence.lines.find((l) => l.key === 'facilities');
  if (fac && !/^[\d\s]*$/.test(fac.value)) return error('import/bad-cpuinfo', 'the `facilities` line holds something other than facility numbers', fac.valueSpan, 'it lists decimal facility bits, e.g. `0 1 2 3 4 6 7`');
  const features = evidence.lines.find((l) => l.key === 'features')?.value.split(/\s+/) ?? [];
  return {
    machine: parseInt(m[1]!, 16),
    machineLine: proc,
    virtual: /version\s*=\s*FF/i.test(proc.value),
    facilities: fac ? new Set(fac.value.split(/\s+/).filter(Boolean).map(Number)) : undefined,
    sie: features.includes('sie'),
  };
}

/** STFL features of a definition's full set (by facility bit). */
function stflOf(rules: CompiledRules, solution: Solution, def: DefinitionIR): Map<number, string> {
  const out = new Map<number, string>();
  for (const i of solution.sets[def.level]!.full) if (rules.features[i]!.type === 'STFL') out.set(rules.features[i]!.bit, rules.features[i]!.name);
  return out;
}

/** The GA of the cpu type whose STFL facilities differ least from the listed ones (ties: the later GA). */
function chooseGa(rules: CompiledRules, solution: Solution, defs: DefinitionIR[], facilities?: Set<number>): DefinitionIR {
  if (!facilities) return defs.at(-1)!;
  const allStfl = new Set(rules.features.filter((f) => f.type === 'STFL').map((f) => f.bit));
  const cost = (d: DefinitionIR) => {
    const own = stflOf(rules, solution, d);
    return [...own.keys()].filter((b) => !facilities.has(b)).length + [...facilities].filter((b) => allStfl.has(b) && !own.has(b)).length;
  };
  return defs.reduce((best, d) => (cost(d) <= cost(best) ? d : best));
}

/** Facilities the hardware's definition has, the dump lacks, and no environment rule adds (QEMU emulates those). */
function missingFacilities(rules: CompiledRules, solution: Solution, def: DefinitionIR, facilities: Set<number>): string[] {
  const emulated = new Set(rules.envRules.flatMap((r) => [...r.available]));
  return [...stflOf(rules, solution, def)].filter(([bit, name]) => !facilities.has(bit) && !emulated.has(rules.featureIndex.get(name)!)).map(([, name]) => name);
}

export async function importCpuinfo({ rules, solution }: S390xRules, evidence: HostEvidence, options: HostImportOptions): Promise<HostImport | { diagnostics: Diagnostic[] }> {
  const info = readCpuinfo(evidence);
  if ('code' in info) return { diagnostics: [info] };
  const defs = rules.definitions.filter((d) => d.cpuType === info.machine);
  if (defs.length === 0) return { diagnostics: [error('import/unknown-machine-type', `no CPU definition has machine type \`${info.machine.toString(16)}\``, info.machineLine.valueSpan, 'cpumodel knows the IBM Z machines from the z900 (2064) on; run `cpumodel models` to list them')] };
  const def = chooseGa(rules, solution, defs, info.facilities);
  const remove = info.facilities ? missingFacilities(rules, solution, def, info.facilities) : [];
  const diagnostics: Diagnostic[] = [];
  if (!info.sie) diagnostics.push(warning('import/no-sie', 'the kernel cannot run KVM guests here (no `sie` in `features`)', evidence.lines.find((l) => l.key === 'features')?.valueSpan ?? info.machineLine.span, 'the host model describes a KVM host; this one would need SIE (an LPAR, or a KVM host with nested=1)'));
  const draft: Draft = {
    description: `${def.desc || def.name}, imported from /proc/cpuinfo (${options.name})`,
    qemu: options.qemu, cpuType: def.cpuType, ga: def.ga,
    layers: info.virtual ? ['lpar', 'kvm'] : ['lpar'], nested: info.virtual && info.sie,
    capabilities: knownCapabilities(rules), cpacf: true, add: [], remove,
    reason: remove.length ? 'imported: the facility list of /proc/cpuinfo lacks these' : undefined,
  };
  const got = await evaluate(rules, solution, draft, `${options.name}.yaml`);
  const unknowns = [
    info.facilities ? `the GA level: GA ${def.ga} lists facilities closest to the dump's` : `the GA level and the facilities (no \`facilities\` line): the last GA of the machine type is taken, with all its facilities`,
    'the CPACF subfunctions (KM, KMC, KMA, PCC … query masks) and the CPACF enablement: cpuinfo does not list them; assumed installed, all the machine\'s functions offered',
    'the IBC, the SCLP features and the other instructions\' subfunctions (PLO, PTFF, SORTL, DFLTCC): assumed those of the machine',
    `the layers: ${info.virtual ? 'the kernel runs under a hypervisor (version FF): taken as a KVM guest of an LPAR' : 'an LPAR (version is not FF)'}${info.virtual && !info.sie ? '; a z/VM guest looks the same' : ''}`,
    'the kernel capabilities: assumed a current KVM (all of them)',
  ];
  if (!options.qemu) unknowns.push(`the QEMU version: the profile's (${rules.profile.qemu}); give --qemu VERSION`);
  return { kind: 'environment', text: draftYaml(draft), summary: summaryOf(draft, got), unknowns, warnings: diagnostics };
}
