/**
 * `cpumodel host import` for x86_64: a real host's dump becomes an
 * environment description (a KVM host): the features KVM offers there, the
 * identity `host` copies, and, when the dump also holds the host's
 * query-cpu-definitions, what an expansion cannot show (features `host`
 * never enables by itself, XSAVE components KVM cannot save), fitted to it.
 * The round trip is checked: the description's host model has exactly the
 * recorded features.
 */
import { error, warning, type Diagnostic } from '../../diag/diagnostic.js';
import { fileStart } from '../../parse/outline.js';
import type { EvidenceModel, HostEvidence } from '../../hosts/evidence.js';
import type { HostImport, HostImportOptions } from '../types.js';
import type { X86Rules } from './compile/ir.js';
import { X86Engine } from './engine/engine.js';
import { isSet } from './engine/state.js';
import { lowerX86Environment } from './environments.js';
import { fitToDefinitions } from './host-fit.js';
import { X86_64 } from './info.js';
import { LIBVIRT_X86_NAMES } from './libvirt-names.js';
import { HOST_VALUES, type X86EnvironmentDecl } from './parse/environment.js';

type Out = HostImport | { diagnostics: Diagnostic[] };

const FROM_LIBVIRT = new Map(LIBVIRT_X86_NAMES);

/** A description made in memory has no file: its entries are placed at the start of none. */
const SPAN = fileStart('');
const listed = (names: readonly string[]) => (names.length > 20 ? `${names.slice(0, 20).join(', ')} … and ${names.length - 20} more` : names.join(', '));

/** A description in memory (no file): the features and identity given. */
export function describedHost(name: string, supports: readonly string[], host: X86EnvironmentDecl['host'] = [], xsave?: number[]): X86EnvironmentDecl {
  return {
    name, kvm: true, description: '', file: '', span: SPAN, host, supports: supports.map((value) => ({ value, span: SPAN })),
    ...(xsave ? { xsaveComponents: xsave.map((value) => ({ value, span: SPAN })) } : {}),
  };
}

/**
 * An engine on a host that offers every feature, without KVM's settings for
 * named models: reads a recorded model (a table entry with the features
 * libvirt required and disabled) as written, filtering and clearing nothing.
 */
function openEngine(rules: X86Rules): X86Engine {
  const all = describedHost('open', rules.features.map((f) => f.name));
  const env = lowerX86Environment(rules, all);
  if ('diagnostics' in env) throw new Error('the rules have no kvm accelerator');
  const raw = { ...env.env.rules, accel: { ...env.env.rules.accel, modelDefaults: [], modelsTakeHost: [] } };
  return new X86Engine(X86_64, raw, { environment: { ...env.env, rules: raw } });
}

type Unnamed = NonNullable<X86EnvironmentDecl['supportsBits']>;

/** The bits set in a state that belong to no named feature (nor to the XSAVE words), by word. */
function unnamedBits(rules: X86Rules, f: Uint32Array): Unnamed {
  const named = new Set(rules.features.flatMap((x) => x.bits));
  const xsave = new Set(rules.xsave?.slots ?? []);
  const out: Unnamed = [];
  rules.words.forEach((w, i) => {
    if (xsave.has(i)) return;
    const bits = Array.from({ length: 64 }, (_, b) => b).filter((b) => !named.has(i * 64 + b) && isSet(f, i * 64 + b));
    if (bits.length) out.push({ word: { value: w.name, span: SPAN }, bits: bits.map((value) => ({ value, span: SPAN })) });
  });
  return out;
}

/** The recorded model's features that are on, by the rules' names; names the rules lack apart; the model table's bits without a name. */
function featuresOf(rules: X86Rules, model: EvidenceModel): { on: string[]; unknown: string[]; unnamed: Unnamed } | Diagnostic {
  const special = ['host', 'max', 'base'].includes(model.name);
  if (!special && !rules.classIndex.has(model.name)) return error('import/unknown-model', `\`${model.name}\` is no CPU model of this rule set`, model.span, 'run `cpumodel models --arch x86_64`');
  const unknown: string[] = [];
  // libvirt spells a few features its own way (its feature translation table).
  const named = model.type === 'libvirt' ? Object.entries(model.props).map(([k, v]) => [FROM_LIBVIRT.get(k) ?? k, v] as const) : Object.entries(model.props);
  const props = named.filter(([k, v]) => {
    if (typeof v !== 'boolean') return false;
    if (rules.lookup.get(k)?.kind === 'feature') return true;
    if (v && !rules.lookup.has(k)) unknown.push(k);
    return false;
  }) as [string, boolean][];
  const built = openEngine(rules).build({ name: special ? 'base' : model.name, props }, 'as-given');
  if (!built.ok) return error('import/no-host-model', `the recorded model does not load: ${built.error.code}`, model.span, 'check the dump');
  const f = built.value.state.f;
  const on = rules.features.filter((x) => x.bits.every((b) => isSet(f, b))).map((x) => x.name);
  return { on, unknown, unnamed: unnamedBits(rules, f) };
}

/**
 * Features only other expansions of `host` show (asked with another vendor:
 * QEMU enables some words only for the vendor they belong to).
 */
function variantFeatures(rules: X86Rules, evidence: HostEvidence, have: readonly string[]): string[] {
  const seen = new Set(have);
  const out: string[] = [];
  for (const v of evidence.variants ?? []) {
    const read = featuresOf(rules, v);
    if ('code' in read) continue;
    for (const f of read.on) if (!seen.has(f)) { seen.add(f); out.push(f); }
  }
  return out;
}

/**
 * The features KVM offers on every host whatever its CPUID says (the rules'
 * `emulated`): libvirt's host CPU is the CPUID, so it may lack them.
 */
const emulated = (rules: X86Rules, have: readonly string[]) => (rules.kvm?.emulated ?? []).map((f) => rules.features[f]!.name).filter((n) => !have.includes(n));

/** libvirt's vendor names (its CPU map) and the CPUID vendor strings QEMU uses. */
const LIBVIRT_VENDORS: Readonly<Record<string, string>> = { Intel: 'GenuineIntel', AMD: 'AuthenticAMD', Hygon: 'HygonGenuine', Zhaoxin: '  Shanghai  ' };

/**
 * KVM's own paravirtual features (the words its accelerator reads as zero
 * without the `kvm` property): libvirt's CPU model never lists them, and
 * every KVM offers them.
 */
function paravirtual(rules: X86Rules, have: readonly string[]): string[] {
  const words = new Set((rules.kvm?.zeroWords ?? []).map((z) => z.word));
  return rules.features.filter((f) => words.has(f.word) && !have.includes(f.name) && !f.bits.some((b) => rules.noAutoenable.has(b))).map((f) => f.name);
}

function identityOf(model: EvidenceModel): X86EnvironmentDecl['host'] {
  const vendor = model.vendor === undefined ? undefined : LIBVIRT_VENDORS[model.vendor];
  const props: Record<string, unknown> = vendor ? { vendor, ...model.props } : model.props;
  return HOST_VALUES.flatMap((key) => {
    const v = props[key];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [{ key: { value: key, span: SPAN }, value: { value: v, span: SPAN } }] : [];
  });
}

const yamlList = (items: readonly (string | number)[], indent: string) => {
  const lines: string[] = [];
  let line = '';
  for (const item of items.map(String)) {
    if (line && line.length + item.length > 96) { lines.push(`${line},`); line = ''; }
    line = line ? `${line}, ${item}` : item;
  }
  if (line) lines.push(line);
  return `[${lines.join(`\n${indent}`)}]`;
};

function yamlOf(decl: X86EnvironmentDecl, description: string, qemu: string | undefined): string {
  const host = decl.host.map((h) => `${h.key.value}: ${JSON.stringify(h.value.value)}`).join(', ');
  return [
    'environment:',
    `  description: ${JSON.stringify(description)}`,
    '  accelerator: kvm',
    ...(qemu ? [`  qemu: ${JSON.stringify(qemu)}`] : []),
    ...(host ? [`  host: {${host}}`] : []),
    ...(decl.xsaveComponents ? [`  xsave_components: ${yamlList(decl.xsaveComponents.map((c) => c.value), '    ')}`] : []),
    `  supports: ${yamlList(decl.supports.map((s) => s.value), '    ')}`,
    ...(decl.supportsBits ? [`  supports_bits: [${decl.supportsBits.map((e) => `{word: ${e.word.value}, bits: [${e.bits.map((b) => b.value).join(', ')}]}`).join(', ')}]`] : []),
    '',
  ].join('\n');
}

const noAutoenable = (rules: X86Rules, name: string) => rules.features[rules.lookup.get(name)!.index]!.bits.some((b) => rules.noAutoenable.has(b));

/** The recorded host model's features that the description's `host` does not reproduce (and the reverse). */
function roundTrip(rules: X86Rules, decl: X86EnvironmentDecl, recorded: readonly string[]): string[] {
  const env = lowerX86Environment(rules, decl);
  if ('diagnostics' in env) return ['(the description does not resolve)'];
  const x = new X86Engine(X86_64, env.env.rules, { environment: env.env }).expand({ name: 'host', props: [['migratable', false]] }, 'static');
  const got = new Set(x.ok ? Object.entries(x.value.model.props ?? {}).filter(([k, v]) => v === true && rules.lookup.get(k)?.kind === 'feature').map(([k]) => k) : []);
  // A feature `host` never enables by itself is kept in `supports`, but this QEMU's host model leaves it off.
  const want = new Set(recorded.filter((f) => !noAutoenable(rules, f)));
  return [...new Set([...got, ...want])].filter((k) => got.has(k) !== want.has(k));
}

export async function importHost(rules: X86Rules, evidence: HostEvidence, options: HostImportOptions): Promise<Out> {
  const model = evidence.models.find((m) => m.type === 'full') ?? evidence.models[0];
  if (!model) {
    return { diagnostics: [error('import/no-host-model', 'a /proc/cpuinfo of x86 lists Linux\'s flag names, not QEMU\'s features', evidence.lines[0]?.span,
      'give `virsh domcapabilities` XML or a QMP expansion of `host` taken on that machine')] };
  }
  if (!rules.kvm) return { diagnostics: [error('import/no-kvm', `profile ${rules.profile.name} has no \`kvm\` accelerator`, model.span, 'use the built-in rules')] };
  const read = featuresOf(rules, model);
  if ('code' in read) return { diagnostics: [read] };
  const pv = model.type === 'libvirt' ? [...emulated(rules, read.on), ...paravirtual(rules, read.on)] : [];
  const extra = [...variantFeatures(rules, evidence, read.on), ...pv];
  let decl = describedHost(options.name, [...read.on, ...extra], identityOf(model));
  // libvirt's host CPU names features only; the bits without a name come with its model, as QEMU's table has them.
  if (model.type === 'libvirt' && read.unnamed.length) decl = { ...decl, supportsBits: read.unnamed };
  const fitted = evidence.definitions ? fitToDefinitions(rules, decl, evidence.definitions) : null;
  if (fitted) decl = fitted.decl;
  const wrong = roundTrip(rules, decl, [...read.on, ...pv]);
  const kept = read.on.filter((f) => noAutoenable(rules, f));
  const warnings = wrong.length ? [warning('import/not-reproduced', `the description's host model differs from the recording in ${listed(wrong)}`, model.span, 'check with `cpumodel host --env` and `cpumodel expand host`')] : [];
  const unknowns = [
    ...(kept.length ? [`features the recording has on that this QEMU's \`host\` never enables by itself: ${kept.join(', ')} (offered, in \`supports\`)`] : []),
    ...(fitted ? [] : ['other features KVM offers that `host` never enables by itself (no-autoenable, e.g. topoext): left out; a dump with the host\'s query-cpu-definitions tells them',
      'which XSAVE state components KVM saves: assumed every one']),
    ...(model.type === 'libvirt' ? ['KVM\'s paravirtual features (kvmclock, kvm-pv-eoi, …): libvirt\'s CPU model does not list them; assumed all offered',
      'the features KVM emulates on every host (the rules\' `emulated`: x2apic, tsc-deadline, …): libvirt\'s host CPU is the CPUID; assumed offered',
      ...(decl.supportsBits ? ['bits without a name (`supports_bits`, e.g. EPT write-back): libvirt\'s CPU XML cannot name them; taken from QEMU\'s table of the host\'s model'] : [])] : []),
    ...(model.props.migratable === false || model.type === 'libvirt' ? [] : ['unmigratable features (e.g. invtsc): an expansion with migratable=on does not show them']),
    ...(identityOf(model).length ? [] : ['the CPU identity (vendor, family, model, stepping, model-id): left to the `host` model\'s defaults']),
    ...(read.unknown.length ? [`features this rule set does not know, left out: ${listed(read.unknown)}`] : []),
    ...(fitted && fitted.mismatched.length ? [`models whose recorded unavailable features the description does not reproduce: ${listed(fitted.mismatched)}`] : []),
  ];
  const id = identityOf(model).find((h) => h.key.value === 'model-id')?.value.value;
  const description = `${id ?? model.name} under KVM (from ${evidence.file.split('/').pop()})`;
  const text = yamlOf(decl, description, evidence.qemu ?? options.qemu);
  const summary = [`host: ${decl.supports.length} features${fitted ? `, fitted to ${evidence.definitions!.length} recorded definitions` : ''}`,
    ...(decl.xsaveComponents ? [`XSAVE components: ${decl.xsaveComponents.map((c) => c.value).join(', ')}`] : [])];
  return { kind: 'environment', text, summary, unknowns, warnings };
}
