import { error } from '../../../diag/diagnostic.js';
import { Bitset } from '../../../util/bitset.js';
import type { X86Ast } from '../ast.js';
import { partsOf, type Lower } from './context.js';
import type { FeatureIR, RuleRef, WordIR } from './ir.js';

/** Words and named bits of one profile: the index space every mask lives in. */
export interface FeatureSpace {
  words: WordIR[];
  wordIndex: Map<string, number>;
  width: number;
  features: FeatureIR[];
  featureIndex: Map<string, number>;
  bitFeature: Int32Array;
  migratable: Bitset;
  noAutoenable: Bitset;
  flagRule: (RuleRef | undefined)[];
  /** Features every named model gets when it is loaded. */
  setOnLoad: { feature: number; rule: RuleRef }[];
}

/**
 * word(w) :- feature_words entry w of this profile, index = position.
 * feature(f, w*64+b) :- features entry f with bit b of word w.
 */
export function lowerWords(lo: Lower, ast: X86Ast): FeatureSpace {
  const words: WordIR[] = lo.select(ast.words).map((w, index) => ({
    index, name: w.name.value, source: { ...w.source }, ...(w.autoenableVendor ? { autoenableVendor: w.autoenableVendor.value } : {}), rule: lo.ref(`word:${w.name.value}`, w.span),
  }));
  const wordIndex = new Map(words.map((w) => [w.name, w.index]));
  const width = words.length * 64;
  const bitFeature = new Int32Array(width).fill(-1);
  const features: FeatureIR[] = [];
  const featureIndex = new Map<string, number>();
  for (const f of lo.select(ast.features)) {
    const word = lo.find(wordIndex, f.word, 'feature word');
    if (word === undefined) continue;
    const bits = f.bits.map((b) => word * 64 + b.value).sort((a, b) => a - b);
    const index = features.length;
    for (const b of bits) {
      if (bitFeature[b] !== -1) lo.diags.push(error('compile/bit-taken', `bit ${b % 64} of \`${f.word.value}\` already belongs to \`${features[bitFeature[b]!]!.name}\``, f.span));
      else bitFeature[b] = index;
    }
    features.push({ index, name: f.name.value, word, bits, parts: partsOf(bits), desc: f.desc ?? '', rule: lo.ref(`feature:${f.name.value}`, f.span) });
    featureIndex.set(f.name.value, index);
  }
  const space: FeatureSpace = {
    words, wordIndex, width, features, featureIndex, bitFeature,
    migratable: new Bitset(width), noAutoenable: new Bitset(width), flagRule: new Array(width), setOnLoad: [],
  };
  lowerFlags(lo, ast, space);
  return space;
}

/**
 * migratable(b) :- feature bit b, ¬unmigratable(b).
 * migratable(b) :- migratable_bits of b's word.
 * no_autoenable(b) :- no-autoenable flag on b's feature, or no_autoenable_bits of its word.
 * loaded(f) :- set-on-load flag on f.
 */
function lowerFlags(lo: Lower, ast: X86Ast, s: FeatureSpace): void {
  for (const f of s.features) for (const b of f.bits) s.migratable.add(b);
  for (const w of lo.select(ast.words)) {
    const word = s.wordIndex.get(w.name.value)!;
    const rule = lo.ref(`word:${w.name.value}`, w.span);
    for (const b of lo.bits(w.migratableBits)) s.migratable.add(word * 64 + b);
    for (const b of lo.bits(w.noAutoenableBits)) {
      s.noAutoenable.add(word * 64 + b);
      s.flagRule[word * 64 + b] = rule;
    }
  }
  for (const flag of lo.select(ast.flags)) {
    for (const name of flag.features) {
      const f = lo.find(s.featureIndex, name, 'feature');
      if (f === undefined) continue;
      const rule = lo.ref(`flag:${flag.flag.value}:${name.value}`, name.span);
      if (flag.flag.value === 'set-on-load') s.setOnLoad.push({ feature: f, rule });
      for (const b of s.features[f]!.bits) {
        if (flag.flag.value === 'unmigratable') s.migratable.delete(b);
        else if (flag.flag.value === 'no-autoenable') s.noAutoenable.add(b);
        else continue;
        s.flagRule[b] = rule;
      }
    }
  }
}
