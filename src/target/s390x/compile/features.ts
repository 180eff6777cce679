import type { FeatureDecl, GroupDecl } from '../parse/ast.js';
import { Bitset } from '../../../util/bitset.js';
import type { FeatureIR, GroupIR } from './ir.js';
import { atLeast } from '../../../util/version.js';

/**
 * INVARIANT (dense-bits): features are numbered 0..n-1 in declaration order,
 * which is QEMU's enum order, so ascending bit order is output order.
 */
export function compileFeatures(decls: readonly FeatureDecl[], version: string): { features: FeatureIR[]; index: Map<string, number> } {
  const features = decls.map((d, index): FeatureIR => ({
    index, name: d.name.value, type: d.type.value, bit: d.bit.value, group: -1,
    desc: d.was && !atLeast(version, d.was.until) ? d.was.desc : d.desc,
    rule: { id: `feature/${d.name.value}`, span: d.span },
  }));
  return { features, index: new Map(features.map((f) => [f.name, f.index])) };
}

/** Groups in declaration order (QEMU's group order); members absent from the profile are dropped. */
export function compileGroups(decls: readonly GroupDecl[], features: FeatureIR[], featureIndex: ReadonlyMap<string, number>):
  { groups: GroupIR[]; index: Map<string, number> } {
  const groups: GroupIR[] = [];
  for (const d of decls) {
    const members = d.members.map((m) => featureIndex.get(m.value)).filter((i): i is number => i !== undefined).sort((a, b) => a - b);
    const index = groups.length;
    for (const m of members) features[m]!.group = index;
    groups.push({ index, name: d.name.value, desc: d.desc, members, mask: Bitset.of(features.length, members),
      rule: { id: `group/${d.name.value}`, span: d.span } });
  }
  return { groups, index: new Map(groups.map((g) => [g.name, g.index])) };
}
