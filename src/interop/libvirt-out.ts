/**
 * libvirt's CPU XML out: the `<cpu>` `virsh hypervisor-cpu-baseline` prints
 * for a model (a named model plus features; with `--features`, every feature
 * of the expansion). Unlike virsh, features that are off are kept as
 * `policy='disable'` where the named model would otherwise turn them on, so
 * the XML means the same model as the answer (virsh drops them, which turns a
 * baseline's `csske=off` back on).
 */
import type { ArchEngine, LibvirtMapping, ModelInfo } from '../target/types.js';
import { decompose } from './cpu-spec.js';

export interface XmlFeature {
  policy: 'require' | 'disable';
  name: string;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

export function formatCpu(model: string, features: readonly XmlFeature[]): string {
  return [
    "<cpu mode='custom' match='exact'>",
    `  <model fallback='forbid'>${escape(model)}</model>`,
    ...features.map((f) => `  <feature policy='${f.policy}' name='${escape(f.name)}'/>`),
    '</cpu>',
  ].join('\n');
}

/** The `<cpu>` of a static expansion, or a reason it has none. */
export function cpuXmlOf(engine: ArchEngine, mapping: LibvirtMapping, target: ModelInfo, opts: { features?: boolean; prefer?: string } = {}): { xml: string } | { reason: string } {
  const d = decompose(engine, target, opts.prefer);
  if (!d) return { reason: 'the model cannot be written as a named model and props' };
  const other = d.props.find(([, v]) => typeof v !== 'boolean');
  if (other) return { reason: `property \`${other[0]}\` is not a cpu feature: libvirt's \`<cpu>\` cannot set it` };
  const req = { name: d.name, props: d.props };
  const named = (k: string) => mapping.libvirtName(k);
  if (!opts.features) return { xml: formatCpu(d.name, d.props.map(([k, v]) => ({ policy: v ? 'require' : 'disable', name: named(k) }))) };
  const all = mapping.features(engine, req);
  const bare = mapping.features(engine, { name: d.name });
  if (!all || !bare) return { reason: `\`${d.name}\` does not expand` };
  const list = [...all].filter(([k, on]) => on || bare.get(k) === true)
    .map(([k, on]): XmlFeature => ({ policy: on ? 'require' : 'disable', name: named(k) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { xml: formatCpu(d.name, list) };
}
