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

/** A list of names for a comment line, at most 20 of them. */
const listed = (names: readonly string[]) => (names.length > 20 ? `${names.slice(0, 20).join(', ')} … and ${names.length - 20} more` : names.join(', '));

/** `-cpu` syntax: name,prop=on|off,… */
const spec = (name: string, props: readonly PropEntry[]) => [name, ...props.map(([k, v]) => `${k}=${v === true ? 'on' : 'off'}`)].join(',');

/** Spellings compared without the separators QEMU's aliases vary (`sse4_1`, `sse4-1`, `sse4.1`). */
const normal = (name: string) => name.replace(/[-_.]/g, '-');

/**
 * The recorded boolean props as a request: each under the name the model's
 * static expansion uses (aliases folded into it), kept when it differs from
 * the model's own value; names the engine does not know are returned apart.
 */
function requestOf(engine: ArchEngine, model: EvidenceModel): { props: PropEntry[]; unknown: string[] } | Diagnostic {
  if (!engine.modelNames().includes(model.name)) return error('import/unknown-model', `\`${model.name}\` is no CPU model of this rule set`, model.span, 'run `cpumodel models --arch x86_64`');
  const own = engine.expand({ name: model.name }, 'static');
  const canonical = new Map(Object.keys(own.ok ? (own.value.model.props ?? {}) : {}).map((k) => [normal(k), k]));
  const defaults = engine.expand({ name: model.name }, 'full');
  const values = defaults.ok ? (defaults.value.model.props ?? {}) : {};
  const known = new Set(engine.propertyNames());
  const props = new Map<string, boolean>();
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(model.props)) {
    if (typeof v !== 'boolean') continue;
    const name = canonical.get(normal(k)) ?? (known.has(k) ? k : undefined);
    if (name === undefined) { if (v) unknown.push(k); continue; }
    if (!props.has(name) && (name in values ? values[name] !== v : v)) props.set(name, v);
  }
  return { props: [...props], unknown };
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
  // Features the request sets that the expansion (answered as under TCG) turns off are a limit of the question, not of the import.
  const set = new Set(req.props.filter(([, v]) => v).map(([k]) => normal(k)));
  const offHere = wrong.filter((k) => set.has(normal(k)));
  const other = wrong.filter((k) => !set.has(normal(k)));
  const warnings = other.length ? [warning('import/not-reproduced', `the model does not reproduce the recorded values of ${other.join(', ')}`, model.span, 'these features depend on each other in QEMU; check with `cpumodel expand`')] : [];
  const cpu = spec(model.name, req.props);
  const unknowns = [
    'x86_64 has no host environments in cpumodel: the host model is written as a CPU model (MODEL), not as an environment',
    'the CPUID identity (vendor, family, model, stepping, model-id), levels and other non-feature properties: left out',
  ];
  if (offHere.length) unknowns.push(`features the model sets that an expansion without KVM turns off (as cpumodel answers): ${[...new Set(offHere.map(normal))].join(', ')}`);
  if (req.unknown.length) unknowns.push(`features this rule set does not know, left out: ${listed(req.unknown)}`);
  const text = `host:\n  arch: x86_64\n  name: ${JSON.stringify(options.name)}\n  cpu: ${JSON.stringify(cpu)}\n`;
  return { kind: 'model', text, summary: [`host model: ${model.name} with ${req.props.length} props`, `cpu: ${cpu}`], unknowns, warnings };
}
