import { error, withRelated } from '../../../diag/diagnostic.js';
import type { BitList, FeatureWordDecl, Located, Name, X86Ast } from '../ast.js';
import { type Ctx, type Mask } from './context.js';
import type { Names } from './namespaces.js';

/** Bit numbers of a bit list ("4-7" gives 4, 5, 6, 7), each with where it was written. */
export function expandBits(list: BitList): Located<number>[] {
  return list.flatMap((b) => {
    if (typeof b.value === 'number') return [{ value: b.value, span: b.span }];
    const [lo, hi] = b.value.split('-').map(Number) as [number, number];
    return Array.from({ length: hi - lo + 1 }, (_, i) => ({ value: lo + i, span: b.span }));
  });
}

/** CPUID registers have 32 bits, MSRs 64. */
export function wordWidth(w: FeatureWordDecl): number {
  return w.source.kind === 'msr' ? 64 : 32;
}

export class BitChecker {
  private readonly words = new Map<string, FeatureWordDecl>();

  constructor(private readonly ctx: Ctx, ast: X86Ast) {
    for (const w of ast.words) if (!this.words.has(w.name.value)) this.words.set(w.name.value, w);
  }

  /** Report bits a word does not have; unknown words are reported by the reference checks. */
  inRange(word: Name, bits: readonly Located<number>[]): void {
    const w = this.words.get(word.value);
    if (!w) return;
    const width = wordWidth(w);
    const seen = new Set<number>();
    for (const b of bits) {
      if (b.value < width || seen.has(b.value)) continue;
      seen.add(b.value);
      this.ctx.diags.push(error('check/bit-out-of-range', `bit ${b.value} is outside \`${word.value}\``, b.span,
        `${w.source.kind === 'msr' ? 'an MSR word has bits 0-63' : 'a CPUID register has bits 0-31'}`));
    }
  }

  /** Two features on one bit of a word, in overlapping profiles. */
  conflicts(ast: X86Ast): void {
    const owners = new Map<string, { name: Name; mask: Mask }[]>();
    for (const f of ast.features) {
      const mask = this.ctx.range(f);
      this.inRange(f.word, f.bits);
      for (const b of f.bits) {
        const key = `${f.word.value}:${b.value}`;
        const list = owners.get(key) ?? [];
        const other = list.find((o) => o.mask & mask && o.name.value !== f.name.value);
        if (other) {
          this.ctx.diags.push(withRelated(error('check/bit-conflict', `\`${f.name.value}\` and \`${other.name.value}\` both use bit ${b.value} of \`${f.word.value}\``,
            b.span, `give \`${f.name.value}\` a bit of its own, or remove one of the two`), other.name.span, `\`${other.name.value}\` is declared here`));
        }
        list.push({ name: f.name, mask });
        owners.set(key, list);
      }
    }
  }
}

/** Bit lists bound to a word: word flags, TCG bits, dependency clears, model bits. */
export function checkBitLists(ctx: Ctx, ast: X86Ast, names: Names, bits: BitChecker): void {
  for (const w of ast.words) {
    bits.inRange(w.name, [...expandBits(w.migratableBits), ...expandBits(w.noAutoenableBits)]);
  }
  for (const a of ast.accelerators) {
    for (const s of a.supportsBits) {
      if (ctx.resolve(s.word, ctx.range(s, ctx.range(a)), names.words)) bits.inRange(s.word, expandBits(s.bits));
    }
  }
  for (const d of ast.dependencies) {
    if (d.clear.kind === 'bits' && ctx.resolve(d.clear.word, ctx.range(d), names.words)) {
      bits.inRange(d.clear.word, expandBits(d.clear.bits ?? []));
    }
  }
  for (const d of ast.definitions) {
    for (const wb of d.bits) {
      if (ctx.resolve(wb.word, ctx.range(d), names.words)) bits.inRange(wb.word, expandBits(wb.bits));
    }
  }
}
