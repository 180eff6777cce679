/**
 * libvirt's CPU XML on s390x. libvirt has no s390x CPU logic of its own: it
 * passes model and feature names to QEMU unchanged, allows only the policies
 * `require` (on) and `disable` (off), refuses `match='minimum'`, turns
 * host-model into the host's static expansion with the guest's features
 * applied on top, offers no host-model without a host (TCG), and with
 * `deprecated_features='off'` appends `disable` for every deprecated feature.
 */
import type { ArchEngine, LibvirtCpu, LibvirtMapping, LibvirtProblem, ModelRequest, PropEntry } from '../types.js';

function problems(cpu: LibvirtCpu): LibvirtProblem[] {
  const out: LibvirtProblem[] = [];
  if (cpu.match === 'minimum') out.push({ at: 'match', message: "libvirt refuses `match='minimum'` for s390x cpus", help: "use `match='exact'`" });
  cpu.features.forEach((f, i) => {
    if (f.policy !== 'require' && f.policy !== 'disable') {
      out.push({ at: { feature: i }, message: `libvirt refuses policy \`${f.policy}\` for s390x cpu features (\`${f.name}\`)`, help: "use `policy='require'` (on) or `policy='disable'` (off)" });
    }
  });
  return out;
}

/** The model the mode names, before the guest's features: null when libvirt refuses the mode here. */
function base(engine: ArchEngine, cpu: LibvirtCpu): ModelRequest | LibvirtProblem {
  switch (cpu.mode) {
    case 'custom':
      return cpu.model ? { name: cpu.model.name } : { at: 'model', message: 'a custom `<cpu>` needs a `<model>`', help: "name one, e.g. `<model fallback='forbid'>z14</model>`, or use `mode='host-model'`" };
    case 'host-passthrough': return { name: 'host' };
    case 'maximum': return { name: 'max' };
    case 'host-model': {
      const host = engine.hosts?.hostModel('static');
      if (!host) return { at: 'mode', message: 'libvirt offers no host-model for s390x without a host (tcg)', help: "give the host with `--env ENV`, or use `mode='maximum'`" };
      return { name: host.name, props: Object.entries(host.props ?? {}) };
    }
  }
}

export const s390xLibvirt: LibvirtMapping = {
  request(engine, cpu) {
    const refused = problems(cpu);
    const start = base(engine, cpu);
    if ('at' in start) refused.push(start);
    if (refused.length > 0 || 'at' in start) return { problems: refused };
    const own = Array.isArray(start.props) ? (start.props as PropEntry[]) : [];
    const props: PropEntry[] = [...own, ...cpu.features.map((f): PropEntry => [f.name, f.policy === 'require'])];
    if (cpu.deprecatedFeatures !== 'off') return { request: { name: start.name, props } };
    const deprecated = deprecatedProps(engine, start.name);
    if (!deprecated) return { problems: [{ at: 'deprecated', message: 'toggling deprecated features is unsupported: this qemu reports no deprecated props', help: 'drop `deprecated_features` (qemu 9.1 and later report them)' }] };
    return { request: { name: start.name, props: [...props, ...deprecated.map((p): PropEntry => [p, false])] } };
  },
  libvirtName: (name) => name,
  /** Every feature of the full expansion (QEMU names a whole group by the group's name). */
  features: (engine, req) => booleans(engine, req, 'full'),
};

/** What the full expansion lists as deprecated (libvirt reads it from there), or null where QEMU reports none. */
function deprecatedProps(engine: ArchEngine, name: string): string[] | null {
  const r = engine.expand({ name }, 'full');
  return r.ok ? r.value['deprecated-props'] ?? null : null;
}

function booleans(engine: ArchEngine, req: ModelRequest, type: 'static' | 'full'): Map<string, boolean> | null {
  const r = engine.expand(req, type, 'as-given');
  if (!r.ok) return null;
  return new Map(Object.entries(r.value.model.props ?? {}).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
}
