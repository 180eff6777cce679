import { error, type Diagnostic } from '../../../diag/diagnostic.js';
import type { EnvironmentDecl } from '../parse/environment.js';
import { Bitset } from '../../../util/bitset.js';
import { didYouMean } from '../../../util/fuzzy.js';
import type { CompiledRules, Edit, EnvironmentIR } from './ir.js';

/** Lower an environment description against a profile's features; unknown names are errors. */
export function compileEnvironment(rules: CompiledRules, d: EnvironmentDecl): { env: EnvironmentIR | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const edits = (list: EnvironmentDecl['offer']['add'], which: string): Edit[] => list.flatMap((n) => {
    const f = rules.featureIndex.get(n.value), g = rules.groupIndex.get(n.value);
    if (f === undefined && g === undefined) {
      diagnostics.push(error('check/unknown-name', `unknown feature or group \`${n.value}\` in profile ${rules.profile.name}`, n.span,
        didYouMean(n.value, [...rules.featureIndex.keys(), ...rules.groupIndex.keys()])));
      return [];
    }
    const mask = f !== undefined ? Bitset.of(rules.size, [f]) : rules.groups[g!]!.mask;
    return [{ item: n.value, mask, rule: { id: `environment ${d.name}/offer-${which}`, span: n.span } }];
  });
  const env: EnvironmentIR = {
    name: d.name, description: d.description, file: d.file, accelerator: d.accelerator,
    facts: {
      accelerator: d.accelerator, qemu: d.qemu ?? rules.profile.qemu, cpacf: d.cpacf, nested: d.kernel.nested,
      generation: d.machine ? rules.definitions.find((def) => def.cpuType === d.machine!.cpuType.value)?.gen ?? 0 : 0,
      hypervisor: d.layers.at(-1) ?? 'lpar', layers: d.layers, kernel: d.kernel.version ?? '', capabilities: d.kernel.capabilities,
    },
    hardware: d.machine && { cpuType: d.machine.cpuType.value, ga: d.machine.ga },
    ibc: d.ibc,
    offerAdd: edits(d.offer.add, 'add'),
    offerRemove: edits(d.offer.remove, 'remove'),
    offerReason: d.offer.reason,
  };
  return { env: diagnostics.length ? null : env, diagnostics };
}
