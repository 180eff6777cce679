/**
 * x86_64 host environments: a described host makes KVM the accelerator.
 *   supported(b) :- the description lists b's feature under `supports`, or b under `supports_bits`.
 * KVM's own rules (its defaults for named models, its texts) come from the
 * rule files' `kvm` accelerator; the host's identity goes to `max`/`host`.
 * The result is the profile's rules with that accelerator in effect: the
 * engine answers every query from it unchanged.
 */
import { basename } from 'node:path';
import { error, type Diagnostic } from '../../diag/diagnostic.js';
import type { SourceText } from '../../load/load.js';
import { fileStart } from '../../parse/outline.js';
import { Bitset } from '../../util/bitset.js';
import { compareVersions } from '../../util/version.js';
import type { AcceleratorIR, Assign, RuleRef, Value, X86Rules } from './compile/ir.js';
import { X86Engine } from './engine/engine.js';
import { X86_64 } from './info.js';
import { parseX86Environment, type X86EnvironmentDecl } from './parse/environment.js';
import type { X86Environment } from './host.js';

export { isX86Environment, type X86Environment } from './host.js';

/** The listed features' bits, each with the description's entry as its rule. */
function supportedBits(rules: X86Rules, env: X86EnvironmentDecl): { supported: Bitset; supportRule: (RuleRef | undefined)[]; unknown: string[] } {
  const supported = new Bitset(rules.width);
  const supportRule: (RuleRef | undefined)[] = new Array(rules.width);
  const unknown: string[] = [];
  const inProfile = (e: { since?: string; until?: string }) =>
    (e.since === undefined || compareVersions(rules.profile.qemu, e.since) >= 0) && (e.until === undefined || compareVersions(rules.profile.qemu, e.until) < 0);
  for (const n of [...env.supports, ...(env.supportsVersioned ?? []).filter(inProfile).flatMap((e) => e.features)]) {
    const target = rules.lookup.get(n.value);
    if (target?.kind !== 'feature') { unknown.push(n.value); continue; }
    for (const b of rules.features[target.index]!.bits) {
      supported.add(b);
      supportRule[b] = { id: `env:${env.name}:supports:${n.value}`, span: n.span };
    }
  }
  for (const entry of env.supportsBits ?? []) {
    const w = rules.words.findIndex((x) => x.name === entry.word.value);
    if (w < 0) { unknown.push(entry.word.value); continue; }
    for (const b of entry.bits) {
      if (b.value < 0 || b.value > 63) continue;
      supported.add(w * 64 + b.value);
      supportRule[w * 64 + b.value] = { id: `env:${env.name}:supports-bits:${entry.word.value}`, span: b.span };
    }
  }
  saveableComponents(rules, supported, supportRule, env);
  return { supported, supportRule, unknown };
}

/**
 * The XSAVE state components KVM saves on the host: the ones the description
 * lists, or, when it lists none, every one (a host model's expansion does not
 * tell them; QEMU lists a component as unavailable only when the host's KVM
 * cannot save it, e.g. MPX's on current CPUs).
 *   supported(component c) :- c listed ∨ no list.
 */
function saveableComponents(rules: X86Rules, supported: Bitset, supportRule: (RuleRef | undefined)[], env: X86EnvironmentDecl): void {
  const listed = env.xsaveComponents && new Set(env.xsaveComponents.map((c) => c.value));
  for (const slot of rules.xsave?.slots ?? []) {
    for (let b = slot * 32; b < slot * 32 + 32; b++) {
      const component = rules.xsave!.components.find((c) => c.bit === b)?.component;
      if (listed && (component === undefined || !listed.has(component))) continue;
      supported.add(b);
      supportRule[b] = { id: `env:${env.name}:xsave`, span: env.span };
    }
  }
}

/** The host's identity as settings for `max`/`host`; a value of the wrong kind is a diagnostic. */
function hostAssigns(rules: X86Rules, env: X86EnvironmentDecl, diags: Diagnostic[]): Assign[] {
  return env.host.flatMap(({ key, value }) => {
    const index = rules.propertyIndex.get(key.value);
    if (index === undefined) return [];
    const kind = rules.properties[index]!.kind;
    const want = kind === 'string' ? 'string' : kind === 'bool' ? 'boolean' : 'number';
    const v: Value | undefined = typeof value.value !== want ? undefined : typeof value.value === 'number' ? BigInt(value.value) : value.value;
    if (v === undefined) {
      diags.push(error('env/bad-host-value', `\`${key.value}\` must be ${want === 'string' ? 'a string' : want === 'boolean' ? 'true or false' : 'an integer'}`, value.span, 'copy the value from the host model\'s expansion'));
      return [];
    }
    return [{ key: key.value, target: { kind: 'prop', index }, value: v, rule: { id: `env:${env.name}:host:${key.value}`, span: value.span } }];
  });
}

/** The profile's rules with KVM on the described host in effect. */
export function lowerX86Environment(rules: X86Rules, env: X86EnvironmentDecl): { env: X86Environment } | { diagnostics: Diagnostic[] } {
  if (!env.kvm) return { env: { name: env.name, description: env.description, kvm: false, rules, unknown: [], file: env.file } };
  if (!rules.kvm) {
    return { diagnostics: [error('env/no-kvm', `profile ${rules.profile.name} has no \`kvm\` accelerator to run a described host`, fileStart(env.file),
      'add `{name: kvm, …}` to the rules\' `accelerators`')] };
  }
  const diags: Diagnostic[] = [];
  const { supported, supportRule, unknown } = supportedBits(rules, env);
  const hostValues = hostAssigns(rules, env, diags);
  if (diags.length) return { diagnostics: diags };
  const accel: AcceleratorIR = { ...rules.kvm, label: `host \`${env.name}\``, supported, supportRule, hostValues, rule: { id: `env:${env.name}`, span: env.span } };
  return { env: { name: env.name, description: env.description, kvm: true, rules: { ...rules, accel }, unknown, file: env.file } };
}

/** Parse and lower a description; a host value QEMU's setters refuse is reported at the description. */
export async function resolveX86Environment(rules: X86Rules, source: SourceText, label: string): Promise<{ environment: X86Environment } | { diagnostics: Diagnostic[] }> {
  const parsed = parseX86Environment(source, basename(label).replace(/\.ya?ml$/, ''));
  if (!parsed.env) return { diagnostics: parsed.diagnostics };
  const lowered = lowerX86Environment(rules, parsed.env);
  if ('diagnostics' in lowered) return lowered;
  try {
    new X86Engine(X86_64, lowered.env.rules, {}).expand({ name: 'host' }, 'static');
  } catch (e) {
    return { diagnostics: [error('env/bad-host-value', `QEMU refuses the host's identity: ${(e as Error).message}`, parsed.env.host[0]?.value.span ?? parsed.env.span,
      'the vendor is 12 characters (GenuineIntel, AuthenticAMD); family, model and stepping are small integers')] };
  }
  return { environment: lowered.env };
}
