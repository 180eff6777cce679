import { error, type Diagnostic } from '../../../diag/diagnostic.js';
import { placeOfMissing } from '../../../parse/outline.js';
import type { Compiled, ProfileInfo } from '../../types.js';
import type { X86Ast } from '../ast.js';
import { Lower } from './context.js';
import type { KeyOrderIR, PropTarget, X86Rules } from './ir.js';
import { lowerMachines } from './machines.js';
import { lowerDependencies, lowerLevels, lowerAccelerator, lowerXsave } from './masks.js';
import { lowerClasses, lowerDefinitions, lowerSpecials } from './models.js';
import { lowerAliases, lowerProperties } from './props.js';
import { lowerWords } from './words.js';

export function x86Profiles(ast: X86Ast): ProfileInfo[] {
  return ast.profiles.map((p) => ({ name: p.name.value, qemu: p.qemu.value, package: p.package }));
}

/** name → what it sets: features, then QOM properties, then aliases. */
function lookupTable(lo: Lower, rules: Pick<X86Rules, 'features' | 'properties' | 'aliases'>): Map<string, PropTarget> {
  const lookup = new Map<string, PropTarget>();
  const add = (name: string, t: PropTarget, span: import('../../../diag/diagnostic.js').Span) => {
    if (lookup.has(name)) lo.diags.push(error('compile/duplicate-property', `\`${name}\` is both a feature and a property`, span));
    else lookup.set(name, t);
  };
  for (const f of rules.features) add(f.name, { kind: 'feature', index: f.index }, f.rule.span);
  for (const p of rules.properties) add(p.name, { kind: 'prop', index: p.index }, p.rule.span);
  for (const a of rules.aliases) add(a.alias, a.target, a.rule.span);
  return lookup;
}

function keyOrder(lo: Lower, ast: X86Ast): KeyOrderIR {
  const pick = (models: string) => lo.select(ast.keyOrders).filter((k) => k.models.value === models).flatMap((k) => k.keys.map((n) => n.value));
  return { named: pick('named'), max: pick('max') };
}

/** Lower one profile (default: the last one) to the IR the engine runs on. */
export function compileX86(ast: X86Ast, profileName?: string): Compiled<X86Rules> {
  const profiles = x86Profiles(ast);
  const profile = profileName === undefined ? profiles[profiles.length - 1] : profiles.find((p) => p.name === profileName);
  if (!profile) {
    const d: Diagnostic = error('compile/unknown-profile', `no profile \`${profileName ?? ''}\``, placeOfMissing(ast.outline, 'profiles', ['arch'], /profiles\.ya?ml$/),
      profiles.length ? `profiles: ${profiles.map((p) => `\`${p.name}\``).join(', ')}` : 'add a `profiles:` list');
    return { rules: null, diagnostics: [d] };
  }
  const lo = new Lower(profile.qemu, profile.name);
  const space = lowerWords(lo, ast);
  const staticNames = new Set(ast.properties.filter((p) => p.static).map((p) => p.name.value));
  const properties = lowerProperties(lo, ast, staticNames);
  const propertyIndex = new Map(properties.map((p) => [p.name, p.index]));
  const aliases = lowerAliases(lo, ast, space, propertyIndex);
  const lookup = lookupTable(lo, { features: space.features, properties, aliases });
  const definitions = lowerDefinitions(lo, ast, space, lookup, properties);
  const specials = lowerSpecials(lo, ast, lookup, properties);
  const { machines, empty } = lowerMachines(lo, ast, lookup, properties);
  const kvm = lowerAccelerator(lo, ast, space, lookup, properties, 'kvm');
  const rules: X86Rules = {
    profile, words: space.words, width: space.width, features: space.features, featureIndex: space.featureIndex,
    bitFeature: space.bitFeature, aliases, lookup, properties, propertyIndex,
    accel: lowerAccelerator(lo, ast, space, lookup, properties)!, ...(kvm ? { kvm } : {}), migratable: space.migratable, noAutoenable: space.noAutoenable,
    flagRule: space.flagRule, setOnLoad: space.setOnLoad, dependencies: lowerDependencies(lo, ast, space), xsave: lowerXsave(lo, ast, space),
    levels: lowerLevels(lo, ast, space, propertyIndex), definitions, classes: lowerClasses(lo, definitions, specials),
    classIndex: new Map(), machines, machineIndex: new Map(machines.map((m, i) => [m.name, i])), defaultMachine: empty,
    keyOrder: keyOrder(lo, ast),
  };
  rules.classIndex = new Map(rules.classes.map((c, i) => [c.name, i]));
  return { rules: lo.diags.some((d) => d.severity === 'error') ? null : rules, diagnostics: lo.diags };
}
