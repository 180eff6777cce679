import { error } from '../../../diag/diagnostic.js';
import type { Located } from '../../../parse/located.js';
import type { CpuPropertyDecl, PropDecl, X86Ast } from '../ast.js';
import { parseBoolText, parseIntText, storeInt } from '../values.js';
import type { Lower } from './context.js';
import type { AliasIR, Assign, PropertyIR, PropTarget, QomKind, RuleRef, Value } from './ir.js';
import type { FeatureSpace } from './words.js';

const SIMPLE_KINDS: ReadonlySet<string> = new Set(['bool', 'uint8', 'uint16', 'uint32', 'uint64', 'int32', 'int', 'OnOffAuto']);

export function qomKind(type: string): { kind: QomKind; linkType?: string } {
  if (SIMPLE_KINDS.has(type)) return { kind: type as QomKind };
  if (type === 'string' || type === 'str') return { kind: 'string' };
  const link = /^link<(.+)>$/.exec(type);
  return link ? { kind: 'link', linkType: link[1]! } : { kind: 'other' };
}

const isIntKind = (k: QomKind) => k.startsWith('uint') || k.startsWith('int');

function initialValue(lo: Lower, p: CpuPropertyDecl, kind: QomKind): PropertyIR['initial'] {
  const d = p.default;
  if (d === undefined) return undefined;
  if (isIntKind(kind)) {
    const v = typeof d.value === 'number' ? BigInt(d.value) : typeof d.value === 'string' ? parseIntText(d.value) : undefined;
    if (v !== undefined) return storeInt(v);
    lo.diags.push(error('compile/bad-default', `the default of \`${p.name.value}\` is not an integer`, d.span));
    return undefined;
  }
  return d.value;
}

/** property(p) :- cpu_properties entry p of this profile, index = position. */
export function lowerProperties(lo: Lower, ast: X86Ast, staticNames: ReadonlySet<string>): PropertyIR[] {
  return lo.select(ast.properties).map((p, index) => {
    const { kind, linkType } = qomKind(p.type.value);
    const ir: PropertyIR = {
      index, name: p.name.value, type: p.type.value, kind, initial: initialValue(lo, p, kind),
      writable: p.writable, expanded: p.expanded,
      models: p.models.length ? new Set(p.models.map((m) => m.value)) : null,
      static: staticNames.has(p.name.value), rule: lo.ref(`property:${p.name.value}`, p.span),
    };
    if (linkType) ir.linkType = linkType;
    if (p.setter) ir.setter = p.setter.value;
    return ir;
  });
}

/** alias(a, t) :- property_aliases entry; t is a feature or a property. */
export function lowerAliases(lo: Lower, ast: X86Ast, space: FeatureSpace, props: ReadonlyMap<string, number>): AliasIR[] {
  const targets = new Map<string, PropTarget>([
    ...[...space.featureIndex].map(([n, index]) => [n, { kind: 'feature', index }] as const),
    ...[...props].map(([n, index]) => [n, { kind: 'prop', index }] as const),
  ]);
  const out: AliasIR[] = [];
  for (const a of lo.select(ast.aliases)) {
    const target = lo.find(targets, a.target, 'alias target');
    if (target) out.push({ alias: a.alias.value, target, targetName: a.target.value, rule: lo.ref(`alias:${a.alias.value}`, a.span) });
  }
  return out;
}

/**
 * A value written in the rules, typed for its target: booleans for features
 * and bool properties, bigint for integers, strings for the rest. Text (compat
 * props) is read as QEMU's string input visitor reads it.
 */
export function typedValue(raw: boolean | number | string, target: PropTarget, props: readonly PropertyIR[], text: boolean): Value | undefined {
  const kind: QomKind = target.kind === 'feature' ? 'bool' : props[target.index]!.kind;
  if (kind === 'bool') return typeof raw === 'boolean' ? raw : text && typeof raw === 'string' ? parseBoolText(raw) : undefined;
  if (isIntKind(kind)) return typeof raw === 'number' ? BigInt(raw) : typeof raw === 'string' ? parseIntText(raw) : undefined;
  return typeof raw === 'string' ? raw : undefined;
}

/** Settings of a props map (or one compat prop) as Assigns, with a diagnostic for each bad one. */
export function lowerAssign(lo: Lower, lookup: ReadonlyMap<string, PropTarget>, props: readonly PropertyIR[],
  key: Located<string>, value: Located<boolean | number | string>, rule: RuleRef, text = false): Assign | undefined {
  const target = lo.find(lookup, key, 'property');
  if (!target) return undefined;
  const typed = typedValue(value.value, target, props, text);
  if (typed === undefined) {
    lo.diags.push(error('compile/bad-value', `\`${String(value.value)}\` is not a valid value for \`${key.value}\``, value.span));
    return undefined;
  }
  return { key: key.value, target, value: typed, rule };
}

export function lowerPropMap(lo: Lower, lookup: ReadonlyMap<string, PropTarget>, props: readonly PropertyIR[],
  decls: readonly PropDecl[], idPrefix: string): Assign[] {
  const out: Assign[] = [];
  for (const d of decls) {
    const a = lowerAssign(lo, lookup, props, d.key, d.value, lo.ref(`${idPrefix}:${d.key.value}`, d.key.span));
    if (a) out.push(a);
  }
  return out;
}
