/**
 * `cpumodel host import` for x86_64. cpumodel has no x86 host environments
 * (yet), so the smallest sound result is the host model itself as a CPU
 * model a user can pass wherever a MODEL goes: the recorded model (libvirt's
 * host-model, e.g. `EPYC-Rome`, or QEMU's static `base`) with the props that
 * differ from that model's own defaults. The round trip is checked: the
 * request expands to the recorded feature values.
 */
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import type { EvidenceModel, HostEvidence } from '../../hosts/evidence.js';
import type { ArchEngine, HostImport, HostImportOptions, PropEntry } from '../types.js';
import type { X86Rules } from './compile/ir.js';
import { x86Engine } from './runtime.js';

type Out = HostImport | { diagnostics: Diagnostic[] };

/** `-cpu` syntax: name,prop=on|off,… */
const spec = (name: string, props: readonly PropEntry[]) => [name, ...props.map(([k, v]) => `${k}=${v === true ? 'on' : 'off'}`)].join(',');

/** The recorded boolean props the engine knows, those that differ from the model's defaults, and the unknown ones. */
function requestOf(engine: ArchEngine, model: EvidenceModel): { props: PropEntry[]; unknown: string[] } | Diagnostic {
  if (!engine.modelNames().includes(model.name)) return error('import/unknown-model', `\`${model.name}\` is no CPU model of this rule set`, model.span, 'run `cpumodel models --arch x86_64`');
  const defaults = engine.expand({ name: model.name }, 'full');
  const own = defaults.ok ? (defaults.value.model.props ?? {}) : {};
  const known = new Set(engine.propertyNames());
  const bools = Object.entries(model.props).filter((e): e is [string, boolean] => typeof e[1] === 'boolean');
  const unknown = bools.filter(([k, v]) => v && !known.has(k)).map(([k]) => k);
  const props = bools.filter(([k, v]) => known.has(k) && (k in own ? own[k] !== v : v));
  return { props, unknown };
}

/** Recorded feature values the request does not reproduce (names as the expansion lists them). */
function mismatches(engine: ArchEngine, name: string, props: readonly PropEntry[], model: EvidenceModel): string[] {
  const x = engine.expand({ name, props }, 'full');
  if (!x.ok) return [engine.errorText(x.error)];
  const got = x.value.model.props ?? {};
  return Object.entries(model.props).filter(([k, v]) => typeof v === 'boolean' && k in got && got[k] !== v).map(([k]) => k);
}

export async function importHost(rules: X86Rules, evidence: HostEvidence, options: HostImportOptions): Promise<Out> {
  const model = evidence.models[0];
  if (!model) {
    return { diagnostics: [error('import/no-host-model', 'a /proc/cpuinfo of x86 lists Linux\'s flag names, not a QEMU CPU model', evidence.lines[0]?.span, 'give `virsh domcapabilities` XML or a QMP expansion of `host` taken on that machine')] };
  }
  const r = x86Engine(rules, {});
  if ('diagnostics' in r) return r;
  const req = requestOf(r.engine, model);
  if ('code' in req) return { diagnostics: [req] };
  const wrong = mismatches(r.engine, model.name, req.props, model);
  const warnings = wrong.length ? [warning('import/not-reproduced', `the model does not reproduce the recorded values of ${wrong.join(', ')}`, model.span, 'these features depend on each other in QEMU; check with `cpumodel expand`')] : [];
  const cpu = spec(model.name, req.props);
  const unknowns = [
    'x86_64 has no host environments in cpumodel: the host model is written as a CPU model (MODEL), not as an environment',
    'the CPUID identity (vendor, family, model, stepping, model-id), levels and other non-feature properties: left out',
  ];
  if (req.unknown.length) unknowns.push(`features this rule set does not know, left out: ${req.unknown.join(', ')}`);
  const text = `host:\n  arch: x86_64\n  name: ${JSON.stringify(options.name)}\n  cpu: ${JSON.stringify(cpu)}\n`;
  return { kind: 'model', text, summary: [`host model: ${model.name} with ${req.props.length} props`, `cpu: ${cpu}`], unknowns, warnings };
}
