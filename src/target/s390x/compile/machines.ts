import type { FeatoffDecl, MachineDecl, ModelRefDecl, Name } from '../parse/ast.js';
import { Bitset } from '../../../util/bitset.js';
import { levelKey } from '../levels.js';
import { atLeast } from '../../../util/version.js';
import type { Edit, FeatoffIR, MachineIR, ModelRefIR } from './ir.js';

/** What lowering machines needs from the compiler of the profile. */
export interface MachineLowering {
  /** Feature or group names as edits; names absent from the profile give nothing. */
  edits(names: readonly Name[], id: string): Edit[];
  modelRef(ref: ModelRefDecl, id: string): ModelRefIR;
  size: number;
  /** The profile's QEMU version. */
  version: string;
}

/**
 * The machines of one profile, newest first, each with its own settings only
 * (accumulation is a query: src/query/machine.ts). Rule ids:
 *   machine/NAME                  the entry
 *   machine/NAME/qemu-model       the `qemu` model it sets
 *   machine/NAME/featoff/GENx_GAy one featoff (the span is the feature's name)
 */
export function compileMachines(decls: readonly MachineDecl[], lower: MachineLowering): MachineIR[] {
  return decls.map((m, index) => {
    const id = `machine/${m.name.value}`;
    return {
      index, name: m.name.value,
      qemuModel: m.qemuModel ? lower.modelRef(m.qemuModel, `${id}/qemu-model`) : null,
      featoffs: m.featoffs.map((off) => featoff(off, id, lower)),
      kvmCpuModels: m.kvmCpuModels,
      deprecated: m.deprecatedSince !== undefined && atLeast(lower.version, m.deprecatedSince.value),
      reason: m.reason ?? '',
      rule: { id, span: m.span },
    };
  });
}

function featoff(off: FeatoffDecl, machineId: string, lower: MachineLowering): FeatoffIR {
  const edits = lower.edits(off.features, `${machineId}/featoff/${levelKey(off.gen.value, off.ga.value)}`);
  const mask = new Bitset(lower.size);
  for (const e of edits) mask.orIn(e.mask);
  return { gen: off.gen.value, ga: off.ga.value, edits, mask, reason: off.reason ?? '' };
}
