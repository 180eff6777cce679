import type { X86Rules } from '../compile/ir.js';
import type { CpuState } from './state.js';

/**
 * The accelerator filter (x86_cpu_filter_features, §3.4): every bit the
 * accelerator cannot provide is removed and recorded as filtered. Returns
 * the bits this step filtered.
 *   filtered(b) :- f(b), ¬supported(b).
 */
export function filterUnsupported(rules: X86Rules, s: CpuState): Uint32Array {
  const sup = rules.accel.supported.words;
  const out = new Uint32Array(s.f.length);
  for (let k = 0; k < s.f.length; k++) {
    out[k] = s.f[k]! & ~sup[k]!;
    s.filtered[k]! |= out[k]!;
    s.f[k]! &= ~out[k]!;
  }
  return out;
}

/**
 * The name QEMU lists for a bit: a bit of the XCR0 words is named after the
 * first feature enabling that state component; an unnamed bit is "".
 */
export function bitName(rules: X86Rules, bit: number): string {
  const word = bit >>> 6;
  const xcr0 = rules.xsave?.xcr0Words.indexOf(word) ?? -1;
  if (xcr0 >= 0) {
    const component = xcr0 * 32 + (bit & 63);
    const c = rules.xsave!.components.find((x) => x.component === component);
    if (c && c.enablers.length) return rules.features[c.enablers[0]!]!.name;
  }
  const f = rules.bitFeature[bit]!;
  return f >= 0 ? rules.features[f]!.name : '';
}

/** Names of the set bits, in word order then bit order (a two-bit feature once per bit). */
export function bitNames(rules: X86Rules, words: Uint32Array): string[] {
  const out: string[] = [];
  for (let k = 0; k < words.length; k++) {
    for (let m = words[k]!; m !== 0; m &= m - 1) out.push(bitName(rules, k * 32 + (31 - Math.clz32(m & -m))));
  }
  return out;
}
