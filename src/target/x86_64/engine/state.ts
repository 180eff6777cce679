import { toJson } from '../../../qmp/json-write.js';
import type { Part, RuleRef } from '../compile/ir.js';

/**
 * One X86CPU instance, as QMP queries see it (never realized): the feature
 * words, which bits the user set, which bits expansion recorded as filtered,
 * and the value of every non-feature QOM property (by property index).
 *
 * INVARIANT (word-bits): `f`, `user` and `filtered` hold 2 Uint32 slots per
 * feature word, as the IR's Bitsets do.
 */
export interface CpuState {
  f: Uint32Array;
  user: Uint32Array;
  filtered: Uint32Array;
  values: unknown[];
  /** The leaf-7 subleaf limit expansion computes (QEMU keeps it internal). */
  minLevelFunc7: number;
}

export function cloneState(s: CpuState): CpuState {
  return { f: s.f.slice(), user: s.user.slice(), filtered: s.filtered.slice(), values: s.values.slice(), minLevelFunc7: s.minLevelFunc7 };
}

/** Copy `from` into `to` without allocating (the query path's scratch instance). */
export function copyState(from: CpuState, to: CpuState): CpuState {
  to.f.set(from.f);
  to.user.set(from.user);
  to.filtered.set(from.filtered);
  const v = to.values, w = from.values;
  for (let i = 0; i < w.length; i++) v[i] = w[i];
  to.minLevelFunc7 = from.minLevelFunc7;
  return to;
}

export function hasAll(words: Uint32Array, parts: readonly Part[]): boolean {
  for (let i = 0; i < parts.length; i++) if ((words[parts[i]!.slot]! & parts[i]!.mask) !== parts[i]!.mask) return false;
  return true;
}

export function hasAny(words: Uint32Array, parts: readonly Part[]): boolean {
  for (let i = 0; i < parts.length; i++) if ((words[parts[i]!.slot]! & parts[i]!.mask) !== 0) return true;
  return false;
}

export function isSet(words: Uint32Array, bit: number): boolean {
  return (words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
}

/** Global bit numbers set in `mask` of one slot. */
export function bitsOf(slot: number, mask: number): number[] {
  const out: number[] = [];
  for (let m = mask; m !== 0; m &= m - 1) out.push(slot * 32 + (31 - Math.clz32(m & -m)));
  return out;
}

// ---------------------------------------------------------------- provenance

/** Why a bit or a property got its value. */
export type CauseKind =
  | 'model' | 'load' | 'version' | 'accel-default' | 'init' | 'machine' | 'user'
  | 'autoenable' | 'dependency' | 'zero-word' | 'xsave' | 'level';

/** A setting as -cpu would write it (`vme=off`), for explanations. */
export const setting = (key: string, value: unknown) => `\`${key}=${typeof value === 'boolean' ? (value ? 'on' : 'off') : toJson(value).replace(/^"(.*)"$/, '$1')}\``;

export interface Cause {
  kind: CauseKind;
  /** What the step did, in words. */
  text: string;
  /** The text names the value written (`vme=off`), so a premise need not repeat it. */
  valued?: boolean;
  rule?: RuleRef;
  /** What realize prints before each bit this step drops (dependency rows, level rules). */
  warning?: string;
  /** Features whose absence made the step happen (a dependency row's prerequisites). */
  absent?: number[];
}

export interface BitStep {
  readonly bits: readonly number[];
  value: boolean;
  cause: Cause;
}

/**
 * The explanation path's recorder: every change to a feature bit or a
 * property, in order. The query path passes no trace and pays nothing.
 */
export class Trace {
  readonly steps: BitStep[] = [];
  readonly propSteps: { prop: number; value: unknown; cause: Cause }[] = [];

  bits(bits: readonly number[], value: boolean, cause: Cause): void {
    if (bits.length) this.steps.push({ bits, value, cause });
  }

  /** Record the bits of `parts` that `before` → `after` changed. */
  change(before: Uint32Array, after: Uint32Array, parts: readonly Part[], value: boolean, cause: Cause): void {
    const bits = parts.flatMap((p) => bitsOf(p.slot, (before[p.slot]! ^ after[p.slot]!) & p.mask));
    this.bits(bits, value, cause);
  }

  prop(prop: number, value: unknown, cause: Cause): void {
    this.propSteps.push({ prop, value, cause });
  }

  /** The steps that touched any of these bits, in order. */
  history(bits: readonly number[]): BitStep[] {
    const { words, width } = this.masks();
    const out: BitStep[] = [];
    for (let i = 0; i < this.steps.length; i++) {
      for (const b of bits) {
        if (b < width * 32 && (words[i * width + (b >>> 5)]! & (1 << (b & 31))) !== 0) {
          out.push(this.steps[i]!);
          break;
        }
      }
    }
    return out;
  }

  /** Every step's bits as one row of `width` words (made when first asked, again after more steps): history tests a bit at once. */
  private stepMasks = { words: new Uint32Array(0), width: 0, steps: 0 };

  private masks(): { words: Uint32Array; width: number; steps: number } {
    if (this.stepMasks.steps === this.steps.length) return this.stepMasks;
    let top = 0;
    for (const step of this.steps) for (const b of step.bits) top = Math.max(top, b);
    const width = (top >>> 5) + 1;
    const words = new Uint32Array(width * this.steps.length);
    this.steps.forEach((step, i) => {
      for (const b of step.bits) words[i * width + (b >>> 5)]! |= 1 << (b & 31);
    });
    return (this.stepMasks = { words, width, steps: this.steps.length });
  }
}
