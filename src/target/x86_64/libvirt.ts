/**
 * libvirt's CPU XML on x86_64: feature names through libvirt's translation
 * table (libvirt-names.ts); `force`/`require` on, `disable`/`forbid` off;
 * `optional` on where the host CPU has the feature, off otherwise; and
 * `match='minimum'` adds every feature of the host CPU the model lacks (both
 * as libvirt's x86 update of a custom CPU does). The host CPU is the host's
 * static model, or without a host (TCG) the model TCG offers: `max`.
 * host-model is that host CPU, host-passthrough `host`, maximum `max`.
 */
import type { ArchEngine, LibvirtCpu, LibvirtMapping, ModelRequest, PropEntry } from '../types.js';
import { LIBVIRT_X86_NAMES } from './libvirt-names.js';

const TO_QEMU = new Map(LIBVIRT_X86_NAMES.map(([l, q]) => [l, q]));
const TO_LIBVIRT = new Map(LIBVIRT_X86_NAMES.map(([l, q]) => [q, l]));

const qemuName = (name: string) => TO_QEMU.get(name) ?? name;

/** The host CPU's features that are on (TCG: what `max` has). */
function hostFeatures(engine: ArchEngine): Set<string> {
  const r = engine.expand({ name: engine.hosts ? 'host' : 'max' }, 'static');
  const props = r.ok ? Object.entries(r.value.model.props ?? {}) : [];
  return new Set(props.filter(([, v]) => v === true).map(([k]) => k));
}

function baseName(engine: ArchEngine, cpu: LibvirtCpu): string | undefined {
  switch (cpu.mode) {
    case 'custom': return cpu.model?.name;
    case 'host-model': return engine.hosts ? 'host' : 'max';
    case 'host-passthrough': return 'host';
    case 'maximum': return 'max';
  }
}

/** `match='minimum'`: the host's features the model (with the guest's own features) lacks, on. */
function minimumExtras(engine: ArchEngine, req: ModelRequest, host: Set<string>): PropEntry[] {
  const r = engine.expand(req, 'static', 'as-given');
  if (!r.ok) return [];
  const named = new Set((req.props as PropEntry[]).map(([k]) => k));
  const props = r.value.model.props ?? {};
  return [...host].filter((k) => props[k] === false && !named.has(k)).map((k): PropEntry => [k, true]);
}

export const x86Libvirt: LibvirtMapping = {
  request(engine, cpu) {
    if (cpu.deprecatedFeatures === 'off') {
      return { problems: [{ at: 'deprecated', message: 'toggling deprecated features is unsupported: qemu reports no deprecated props for x86_64', help: 'drop `deprecated_features`' }] };
    }
    const name = baseName(engine, cpu);
    if (name === undefined) {
      return { problems: [{ at: 'model', message: 'a custom `<cpu>` needs a `<model>`', help: "name one, e.g. `<model fallback='forbid'>Westmere</model>`, or use `mode='host-model'`" }] };
    }
    const needsHost = cpu.match === 'minimum' || cpu.features.some((f) => f.policy === 'optional');
    const host = needsHost ? hostFeatures(engine) : new Set<string>();
    const props = cpu.features.map((f): PropEntry => {
      const q = qemuName(f.name);
      const on = f.policy === 'optional' ? host.has(q) : f.policy === 'force' || f.policy === 'require';
      return [q, on];
    });
    const req: ModelRequest = { name, props };
    if (cpu.match !== 'minimum' || cpu.mode !== 'custom') return { request: req };
    return { request: { name, props: [...props, ...minimumExtras(engine, req, host)] } };
  },
  libvirtName: (name) => TO_LIBVIRT.get(name) ?? name,
  /** The static expansion lists every feature (and eight other properties, which are not booleans). */
  features(engine, req) {
    const r = engine.expand(req, 'static', 'as-given');
    if (!r.ok) return null;
    return new Map(Object.entries(r.value.model.props ?? {}).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
  },
};
