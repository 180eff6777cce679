import { error } from '../../../diag/diagnostic.js';
import { fileStart, placeOfMissing } from '../../../parse/outline.js';
import { Bitset } from '../../../util/bitset.js';
import type { Name } from '../../../parse/located.js';
import type { X86Ast } from '../ast.js';
import { partsOf, type Lower } from './context.js';
import type { Assign, DependencyIR, LevelRuleIR, PropertyIR, PropTarget, RuleRef, AcceleratorIR, XsaveIR } from './ir.js';
import { lowerPropMap } from './props.js';
import type { FeatureSpace } from './words.js';

const featureBits = (s: FeatureSpace, f: number) => s.features[f]!.bits;

function features(lo: Lower, s: FeatureSpace, names: readonly Name[]): number[] {
  return names.flatMap((n) => {
    const f = lo.find(s.featureIndex, n, 'feature');
    return f === undefined ? [] : [f];
  });
}

/** How explanations name an accelerator's provider. */
const LABELS: Readonly<Record<string, string>> = { tcg: 'TCG', kvm: 'KVM' };

/**
 * supported(b) :- the accelerator's supports entry naming b's feature.
 * supported(w*64+b) :- its supports_bits entry of word w with bit b.
 * TCG must be declared (`compile/no-tcg`); KVM is optional, and its
 * supported bits come from a host description (an environment).
 */
export function lowerAccelerator(lo: Lower, ast: X86Ast, s: FeatureSpace, lookup: ReadonlyMap<string, PropTarget>, props: readonly PropertyIR[], name = 'tcg'): AcceleratorIR | undefined {
  const decl = lo.select(ast.accelerators).find((a) => a.name.value === name);
  const supported = new Bitset(s.width);
  const supportRule: (RuleRef | undefined)[] = new Array(s.width);
  const mark = (b: number, rule: RuleRef) => { supported.add(b); supportRule[b] = rule; };
  const label = LABELS[name] ?? name;
  const unsupportedWarning = decl?.unsupportedWarning?.value ?? `${label} doesn't support requested feature`;
  const head = { name, label, unsupportedWarning, supported, supportRule };
  if (!decl) {
    if (name !== 'tcg') return undefined;
    const at = placeOfMissing(ast.outline, 'accelerators', ['feature_words', 'features'], /accelerators\.ya?ml$/) ?? fileStart('');
    lo.diags.push(error('compile/no-tcg', `profile ${lo.profile} has no \`tcg\` accelerator`, at, 'add `accelerators: [{name: tcg, …}]`'));
    return { ...head, modelDefaults: [], hostModelDefaults: [], modelsTakeHost: [], emulated: [], zeroWords: [], limits: [], rule: lo.ref('accelerator:tcg', at) };
  }
  for (const entry of lo.select(decl.supports)) {
    for (const n of entry.features) {
      const f = lo.find(s.featureIndex, n, 'feature');
      if (f !== undefined) for (const b of featureBits(s, f)) mark(b, lo.ref(`${name}:supports:${n.value}`, n.span));
    }
  }
  for (const entry of lo.select(decl.supportsBits)) {
    const w = lo.find(s.wordIndex, entry.word, 'feature word');
    if (w !== undefined) for (const b of lo.bits(entry.bits)) mark(w * 64 + b, lo.ref(`${name}:bits:${entry.word.value}`, entry.span));
  }
  const modelDefaults: Assign[] = lo.select(decl.modelDefaults).flatMap((d) => lowerPropMap(lo, lookup, props, d.props, `${name}:default`));
  const hostModelDefaults: Assign[] = lo.select(decl.hostModelDefaults).flatMap((d) => lowerPropMap(lo, lookup, props, d.props, `${name}:host-default`));
  const modelsTakeHost = decl.modelsTakeHost.map((n) => n.value);
  const emulated = decl.emulated.flatMap((n) => { const f = lo.find(s.featureIndex, n, 'feature'); return f === undefined ? [] : [f]; });
  const zeroWords = decl.zeroWords.flatMap((n) => {
    const w = lo.find(s.wordIndex, n, 'feature word');
    return w === undefined ? [] : [{ word: w, rule: lo.ref(`${name}:zero:${n.value}`, n.span) }];
  });
  const propIndex = new Map(props.map((p) => [p.name, p.index]));
  const limits = lo.select(decl.propertyLimits).flatMap((l) => {
    const prop = lo.find(propIndex, l.property, 'property');
    return prop === undefined ? [] : [{ prop, max: l.max.value, warning: l.warning, rule: lo.ref(`${name}:limit:${l.property.value}`, l.span) }];
  });
  const unless = decl.zeroWordsUnless ? lo.find(propIndex, decl.zeroWordsUnless, 'property') : undefined;
  return { ...head, modelDefaults, hostModelDefaults, modelsTakeHost, emulated, zeroWords, ...(unless !== undefined ? { zeroWordsUnless: unless } : {}), limits, rule: lo.ref(`accelerator:${name}`, decl.span) };
}

/** cleared(to) :- row (from, to), none of from set; one pass in table order. */
export function lowerDependencies(lo: Lower, ast: X86Ast, s: FeatureSpace): DependencyIR[] {
  const out: DependencyIR[] = [];
  for (const d of lo.select(ast.dependencies)) {
    const ifNoneFeatures = features(lo, s, d.ifNone);
    let clearBits: number[] = [];
    if (d.clear.kind === 'features') clearBits = features(lo, s, d.clear.features).flatMap((f) => featureBits(s, f));
    else {
      const w = lo.find(s.wordIndex, d.clear.word, 'feature word');
      if (w === undefined) continue;
      const bits = d.clear.bits ? lo.bits(d.clear.bits) : Array.from({ length: 64 }, (_, b) => b);
      clearBits = bits.map((b) => w * 64 + b);
    }
    out.push({
      id: d.id.value, ifNone: partsOf(ifNoneFeatures.flatMap((f) => featureBits(s, f))), ifNoneFeatures,
      clear: partsOf(clearBits), clearBits, rule: lo.ref(`dependency:${d.id.value}`, d.span),
    });
  }
  return out;
}

/** component(i) :- xsave on, some enabler of i on (and, gated, i ≤ 1 or supported(i)). */
export function lowerXsave(lo: Lower, ast: X86Ast, s: FeatureSpace): XsaveIR | null {
  const decl = ast.xsave[0];
  if (!decl) return null;
  const wordsOf = (names: readonly Name[]) => names.flatMap((n) => {
    const w = lo.find(s.wordIndex, n, 'feature word');
    return w === undefined ? [] : [w];
  });
  const state = { xcr0: wordsOf(decl.words.xcr0), xss: wordsOf(decl.words.xss) };
  const requires = lo.find(s.featureIndex, decl.requires, 'feature');
  const components: XsaveIR['components'] = [];
  for (const c of lo.select(decl.components)) {
    const words = state[c.state.value];
    const word = words[c.component.value >> 5];
    if (word === undefined) continue;
    const bit = word * 64 + (c.component.value & 31);
    const enablers = features(lo, s, c.enabledBy);
    const same = components.find((x) => x.component === c.component.value);
    if (same) same.enablers.push(...enablers);
    else components.push({ component: c.component.value, part: partsOf([bit])[0]!, bit, enablers, rule: lo.ref(`xsave:component:${c.component.value}`, c.span) });
  }
  const slots = [...state.xcr0, ...state.xss].flatMap((w) => [2 * w, 2 * w + 1]);
  return { slots, xcr0Words: state.xcr0, requires: requires ?? -1, components, gated: lo.select(decl.acceleratorGated).length > 0, rule: lo.ref('xsave', decl.span) };
}

/** level(k) ≥ v :- rule's trigger holds, its `when` properties all true. */
export function lowerLevels(lo: Lower, ast: X86Ast, s: FeatureSpace, propIndex: ReadonlyMap<string, number>): LevelRuleIR[] {
  const prop = (n: Name) => lo.find(propIndex, n, 'property');
  return lo.select(ast.levels).map((l) => {
    const ir: LevelRuleIR = {
      id: l.id.value,
      words: (l.words ?? []).flatMap((n) => { const w = lo.find(s.wordIndex, n, 'feature word'); return w === undefined ? [] : [w]; }),
      raise: (l.raise ?? []).flatMap((r) => { const p = prop(r.key); return p === undefined ? [] : [{ prop: p, value: r.value.value }]; }),
      when: l.when.flatMap((n) => { const p = prop(n); return p === undefined ? [] : [p]; }),
      rule: lo.ref(`level:${l.id.value}`, l.span),
    };
    if (l.feature) ir.feature = lo.find(s.featureIndex, l.feature, 'feature');
    if (l.word) ir.word = lo.find(s.wordIndex, l.word, 'feature word');
    if (l.switch) ir.switch = prop(l.switch);
    if (l.warning) ir.warning = l.warning;
    return ir;
  });
}
