/**
 * Where cpumodel's x86 baseline and libvirt's differ, and why (README "x86
 * comparison and baseline", agreement with libvirt). Each disagreement gets
 * a class only when its condition is checked on the data; anything else is
 * `unexplained`, which the test refuses.
 */
import type { ArchEngine, ClusterAnswer } from '../../src/index.js';
import type { X86Engine } from '../../src/target/x86_64/engine/engine.js';
import { clusterSides, sideOf, type Side } from '../../src/target/x86_64/engine/relations.js';
import { LIBVIRT_X86_NAMES } from '../../src/target/x86_64/libvirt-names.js';

const TO_QEMU = new Map(LIBVIRT_X86_NAMES.map(([l, q]) => [l, q]));
export const qemuName = (libvirt: string) => TO_QEMU.get(libvirt) ?? libvirt;
const x86 = (e: ArchEngine) => e as unknown as X86Engine;

/** The model classes, with the reason the README gives. */
export const MODEL_CLASSES = {
  disabled: 'libvirt keeps a model the hosts lack features of and disables them (its decode charges a cost per disabled feature); cpumodel\'s model needs nothing the hosts do not share',
  'model-table': 'libvirt\'s CPU map and QEMU\'s model table differ: QEMU\'s definition of libvirt\'s model needs a feature the hosts do not share, libvirt\'s own does not',
  'no-autoenable': 'libvirt\'s model needs a feature QEMU\'s `host` never enables by itself, so no host model has it (the hosts offer it)',
  coverage: 'both models fit; cpumodel\'s covers more of the shared features, libvirt prefers the one whose signature (family/model) matches or that costs less in its own accounting',
  unexplained: 'no checked reason',
} as const;
export type ModelClass = keyof typeof MODEL_CLASSES;

/** The feature classes: why a host's features read differently in libvirt and in cpumodel. */
export const FEATURE_CLASSES = {
  'libvirt-only': 'CPUID bits in libvirt\'s map that QEMU has no property for (the OS\'s or the host\'s own, no guest feature)',
  'no-autoenable': 'QEMU\'s `host` never enables them by itself (offered, in the description\'s `supports`)',
  unmigratable: 'QEMU\'s `host` leaves unmigratable features out while `migratable` is on (libvirt\'s test driver keeps them; `hypervisor-cpu-baseline --migratable` drops them)',
  dependency: 'QEMU clears them: their prerequisite is off (a dependency row; libvirt has none)',
  paravirtual: 'KVM\'s paravirtual features: every KVM offers them, libvirt\'s CPU map has none',
  emulated: 'KVM emulates them on every host (the kvm accelerator\'s `emulated`); libvirt\'s host CPU is the CPUID',
  'model-table': 'the host\'s `<model>` read through QEMU\'s model table, which lists them where libvirt\'s CPU map does not (or the reverse)',
  unexplained: 'no checked reason',
} as const;
export type FeatureClass = keyof typeof FEATURE_CLASSES;

const names = (engine: X86Engine, side: Side) => new Set(side.features.map((f) => engine.rules.features[f]!.name));

/** The features a host model of cpumodel has on, by name. */
export function hostFeatures(engine: ArchEngine): Set<string> {
  const side = sideOf(x86(engine), { name: 'host' });
  if (!side.ok) throw new Error(`no host model on ${engine.environment}`);
  return names(x86(engine), side.value);
}

/** Why one feature reads differently on a host: `listed` is whether the host's XML names it, `inModel` whether QEMU's definition of its `<model>` has it. */
export function featureClass(engine: ArchEngine, feature: string, listed: boolean, inModel: boolean, ours: ReadonlySet<string>): FeatureClass {
  const cpumodelHas = ours.has(feature);
  const { rules } = x86(engine);
  const target = rules.lookup.get(feature);
  if (target?.kind !== 'feature') return 'libvirt-only';
  const f = rules.features[target.index]!;
  if (f.bits.some((b) => rules.noAutoenable.has(b))) return 'no-autoenable';
  if (f.bits.some((b) => !rules.migratable.has(b))) return 'unmigratable';
  if ((rules.kvm?.zeroWords ?? []).some((z) => z.word === f.word)) return 'paravirtual';
  if (!cpumodelHas && rules.dependencies.some((d) => f.bits.some((b) => d.clearBits.includes(b)) && !d.ifNoneFeatures.some((p) => ours.has(rules.features[p]!.name)))) return 'dependency';
  if ((rules.kvm?.emulated ?? []).includes(f.index)) return 'emulated';
  // Not named in the XML: it comes (or not) with the model, whose two definitions differ.
  if (!listed && inModel === cpumodelHas) return 'model-table';
  return 'unexplained';
}

/** The features QEMU's definition of a model has on with `on` switched on (TCG's engine: the table as written, no host). */
export function modelFeatures(tcg: ArchEngine, model: string, on: readonly string[] = []): Set<string> {
  const known = on.filter((f) => x86(tcg).rules.lookup.get(f)?.kind === 'feature');
  const side = sideOf(x86(tcg), { name: model, props: known.map((f): [string, boolean] => [f, true]) });
  return side.ok ? names(x86(tcg), side.value) : new Set();
}

export interface ModelVerdict { cls: ModelClass; detail: string }

/** Why cpumodel's cluster model differs from libvirt's `model` (with `disable`) for these hosts. */
export function modelClass(engines: readonly ArchEngine[], answer: ClusterAnswer, libvirt: { model: string; disable: string[]; features: string[] }): ModelVerdict {
  const first = x86(engines[0]!);
  const sides = engines.map((e) => sideOf(x86(e), { name: 'host' })).flatMap((s) => (s.ok ? [s.value] : []));
  const parts = clusterSides(first, sides);
  if (!parts.ok) return { cls: 'unexplained', detail: 'no cluster' };
  const common = new Set(parts.value.common);
  const name = (i: number) => first.rules.features[i]!.name;
  if (libvirt.disable.length) return { cls: 'disabled', detail: `${libvirt.model} with ${libvirt.disable.join(' ')} off → ${answer.model.name}` };
  const theirs = sideOf(first, { name: libvirt.model });
  if (!theirs.ok) return { cls: 'unexplained', detail: `QEMU has no ${libvirt.model}` };
  const need = theirs.value.features.filter((f) => !common.has(f));
  if (need.length === 0) {
    const ours = parts.value.chosen?.side.features.length ?? 0;
    return ours >= theirs.value.features.length ? { cls: 'coverage', detail: `${libvirt.model} covers ${theirs.value.features.length}, ${answer.model.name} ${ours}` } : { cls: 'unexplained', detail: 'libvirt\'s model covers more' };
  }
  const noAuto = need.every((f) => first.rules.features[f]!.bits.some((b) => first.rules.noAutoenable.has(b)));
  if (noAuto) return { cls: 'no-autoenable', detail: `${libvirt.model} needs ${need.map(name).join(' ')} → ${answer.model.name}` };
  // libvirt's own model has none of them: its baseline does not list them.
  const listed = new Set(libvirt.features.map(qemuName));
  if (need.some((f) => listed.has(name(f)))) return { cls: 'unexplained', detail: `${libvirt.model} needs ${need.map(name).join(' ')}` };
  return { cls: 'model-table', detail: `QEMU's ${libvirt.model} has ${need.map(name).join(' ')} → ${answer.model.name}` };
}
