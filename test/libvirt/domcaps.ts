/**
 * Reads the CPU parts of libvirt's outputs (domcapabilities, the `<cpu>` that
 * `cpumodel host --format libvirt` prints, hypervisor-cpu-compare's sentence)
 * into plain data for the KVM-path test. libvirt writes these in one fixed
 * layout, so line patterns suffice.
 */

export interface HostModel {
  model: string;
  /** `policy name`, sorted. */
  features: string[];
}

/** The first `<model>` and every `<feature policy= name=>` of an XML fragment. */
function modelOf(xml: string): HostModel | null {
  const model = /<model[^>]*>([^<]+)<\/model>/.exec(xml)?.[1];
  if (!model) return null;
  const features = [...xml.matchAll(/<feature policy='([^']+)' name='([^']+)'\/>/g)].map((m) => `${m[1]} ${m[2]}`).sort();
  return { model, features };
}

/** domcapabilities' host-model, or null when it says `supported='no'`. */
export function domcapsHostModel(xml: string): HostModel | null {
  const block = /<mode name='host-model' supported='yes'>([\s\S]*?)<\/mode>/.exec(xml)?.[1];
  return block ? modelOf(block) : null;
}

/** A `<cpu>` as `cpumodel host --format libvirt` prints it. */
export function cpuXmlModel(xml: string): HostModel | null {
  return modelOf(xml);
}

/** domcapabilities' custom models: name → the blockers (empty when usable), in libvirt's order. */
export function domcapsCustomModels(xml: string): Map<string, { usable: boolean; blockers: string[] }> {
  const block = /<mode name='custom' supported='yes'>([\s\S]*?)<\/mode>/.exec(xml)?.[1] ?? '';
  const models = new Map<string, { usable: boolean; blockers: string[] }>();
  for (const m of block.matchAll(/<model usable='(yes|no)'[^>]*>([^<]+)<\/model>/g)) models.set(m[2]!, { usable: m[1] === 'yes', blockers: [] });
  for (const b of block.matchAll(/<blockers model='([^']+)'>([\s\S]*?)<\/blockers>/g)) {
    const entry = models.get(b[1]!);
    if (entry) entry.blockers = [...b[2]!.matchAll(/<feature name='([^']+)'\/>/g)].map((f) => f[1]!);
  }
  return models;
}

export type Verdict = 'identical' | 'superset' | 'incompatible';

/** What hypervisor-cpu-compare printed, as libvirt's verdict. */
export function compareVerdict(stdout: string): Verdict | null {
  if (/ is identical to the CPU provided by hypervisor/.test(stdout)) return 'identical';
  if (/ is a superset of CPU described in /.test(stdout)) return 'superset';
  if (/ is incompatible with the CPU provided by hypervisor/.test(stdout)) return 'incompatible';
  return null;
}

/** libvirt's verdict for a QMP comparison of host (A) with the file's CPU (B): s390x maps `subset` to incompatible. */
export function libvirtVerdict(qmpResult: string): Verdict {
  return qmpResult === 'identical' || qmpResult === 'superset' ? qmpResult : 'incompatible';
}
