/** A rule set as plain data: what the random generator makes and both solvers read. */
export interface PlainRules {
  features: string[];
  groups: { name: string; members: string[] }[];
  levels: { gen: number; ga: number; add: Record<Kind, string[]>; remove: Record<Kind, string[]> }[];
  definitions: { name: string; cpuType: number; gen: number; ga: number }[];
  ignored: string[];
  deprecated: string[];
  qemuLists: { name: string; add: string[] }[];
  tcgMax: { definition: string; list: string };
}

export type Kind = 'base' | 'default' | 'full';
export const KINDS: readonly Kind[] = ['base', 'default', 'full'];

/** The same rule set as YAML rule-file texts for the real pipeline. */
export function toSources(r: PlainRules): { name: string; text: string }[] {
  const j = JSON.stringify;
  const levels = r.levels.map((l) => {
    const parts = [`gen: ${l.gen}`, `ga: ${l.ga}`];
    for (const k of KINDS) if (l.add[k].length) parts.push(`${k}: ${j(l.add[k])}`);
    const rem = KINDS.filter((k) => l.remove[k].length).map((k) => `${k}: ${j(l.remove[k])}`);
    if (rem.length) parts.push(`remove: {${rem.join(', ')}}`);
    return `  - {${parts.join(', ')}}`;
  });
  const text = [
    'profiles:', '  - {name: random, qemu: "10.2.2"}',
    'features:', ...r.features.map((f, i) => `  - {name: ${j(f)}, type: STFL, bit: ${i}}`),
    'groups:', ...r.groups.map((g) => `  - {name: ${j(g.name)}, members: ${j(g.members)}}`),
    'generations:', ...levels,
    'definitions:', ...r.definitions.map((d) => `  - {name: ${j(d.name)}, cpu_type: ${d.cpuType}, gen: ${d.gen}, ga: ${d.ga}}`),
    `definition_search: {ignore_missing: [{features: ${j(r.ignored)}}]}`,
    `deprecated: {features: ${j(r.deprecated)}}`,
    'qemu_feature_lists:', ...r.qemuLists.map((l) => `  - {name: ${j(l.name)}, add: ${j(l.add)}}`),
    `tcg_max: {definition: ${j(r.tcgMax.definition)}, features: ${j(r.tcgMax.list)}}`,
    `latest_qemu_model: {definition: ${j(r.tcgMax.definition)}, features: ${j(r.tcgMax.list)}}`,
  ];
  return [{ name: 'random.yaml', text: text.join('\n') + '\n' }];
}
