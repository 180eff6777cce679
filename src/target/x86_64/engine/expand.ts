import type { ClassIR, LevelRuleIR } from '../compile/ir.js';
import type { Core } from './core.js';
import { leafLimit } from './roles.js';
import { bitsOf, hasAll, hasAny, isSet, type Cause, type CpuState, type Trace } from './state.js';

const UNSET = 0xffffffff;

/** QEMU's warning for a requested feature a dependency row clears. */
export const DEPENDS = 'This feature depends on other features that were not requested';

/**
 * max/host: every supported bit the user did not set and that is not
 * no-autoenable; while `migratable` is on, only migratable bits; a word
 * kept for one vendor only for a CPU of that vendor.
 *   f(b) :- autoenable(class), supported(b), ¬user(b), ¬no_autoenable(b), (¬migratable_on ∨ migratable(b)),
 *           (word(b) has no vendor ∨ vendor = word(b)'s vendor).
 */
function autoenable(core: Core, s: CpuState, trace?: Trace): void {
  const { rules, roles } = core;
  const migratableOn = roles.migratable === undefined || s.values[roles.migratable] !== false;
  const sup = rules.accel.supported.words, no = rules.noAutoenable.words, mig = rules.migratable.words;
  const vendor = roles.vendor === undefined ? undefined : s.values[roles.vendor];
  for (let k = 0; k < core.slots; k++) {
    const only = rules.words[k >>> 1]!.autoenableVendor;
    if (only !== undefined && only !== vendor) continue;
    const add = sup[k]! & ~s.user[k]! & ~no[k]! & (migratableOn ? mig[k]! : ~0) & ~s.f[k]!;
    s.f[k]! |= add;
    if (trace && add) {
      for (const b of bitsOf(k, add)) trace.bits([b], true, { kind: 'autoenable', text: 'max enables every feature the accelerator supports', rule: rules.accel.supportRule[b] });
    }
  }
}

function dependencyText(core: Core, prerequisites: readonly number[]): string {
  const names = prerequisites.map((f) => `\`${core.rules.features[f]!.name}\``);
  return names.length > 1 ? `it needs one of ${names.join(', ')}, and none is on` : `it needs ${names[0]}, which is off`;
}

/** One pass over the dependency table; cleared user bits are recorded as filtered. */
function dependencies(core: Core, s: CpuState, trace?: Trace): void {
  const rows = core.rules.dependencies, f = s.f;
  for (let i = 0; i < rows.length; i++) {
    const d = rows[i]!;
    if (hasAny(f, d.ifNone)) continue;
    let cause: Cause | undefined; // the row's cause, made once when it first clears a traced bit
    for (let j = 0; j < d.clear.length; j++) {
      const p = d.clear[j]!;
      const cleared = f[p.slot]! & p.mask;
      if (!cleared) continue;
      s.filtered[p.slot]! |= cleared & s.user[p.slot]!;
      s.f[p.slot]! &= ~p.mask;
      if (!trace) continue;
      cause ??= { kind: 'dependency' as const, valued: true, text: dependencyText(core, d.ifNoneFeatures), rule: d.rule, absent: d.ifNoneFeatures };
      const user = cleared & s.user[p.slot]!;
      if (user) trace.bits(bitsOf(p.slot, user), false, { ...cause, warning: DEPENDS });
      trace.bits(bitsOf(p.slot, cleared & ~s.user[p.slot]!), false, cause);
    }
  }
}

function zeroWords(core: Core, s: CpuState, trace?: Trace): void {
  const { accel } = core.rules;
  if (accel.zeroWordsUnless !== undefined && s.values[accel.zeroWordsUnless] === true) return;
  for (const z of accel.zeroWords) {
    for (let k = 2 * z.word; k < 2 * z.word + 2; k++) {
      if (trace && s.f[k]) trace.bits(bitsOf(k, s.f[k]!), false, { kind: 'zero-word', text: `\`${core.rules.words[z.word]!.name}\` reads as zero under ${accel.label}${accel.zeroWordsUnless === undefined ? '' : ` while \`${core.rules.properties[accel.zeroWordsUnless]!.name}\` is off`}`, rule: z.rule });
      s.f[k] = 0;
    }
  }
}

function anyEnablerOn(core: Core, s: CpuState, enablers: readonly number[]): boolean {
  for (const e of enablers) if (hasAll(s.f, core.rules.features[e]!.parts)) return true;
  return false;
}

/** State components: on when an enabler is on (and, gated, the accelerator saves them); nothing without `requires`. */
function xsave(core: Core, s: CpuState, trace?: Trace): void {
  const x = core.rules.xsave;
  if (!x) return;
  const before = trace ? x.slots.map((k) => s.f[k]!) : [];
  for (const k of x.slots) s.f[k] = 0;
  if (x.requires >= 0 && isSet(s.f, core.rules.features[x.requires]!.bits[0]!)) {
    for (const c of x.components) {
      if (x.gated && c.component > 1 && !core.rules.accel.supported.has(c.bit)) continue;
      if (anyEnablerOn(core, s, c.enablers)) s.f[c.part.slot]! |= c.part.mask;
    }
  }
  if (trace) {
    x.slots.forEach((k, i) => {
      const on = s.f[k]! & ~before[i]!, off = before[i]! & ~s.f[k]!;
      trace.bits(bitsOf(k, on), true, { kind: 'xsave', text: 'an enabling feature of the state component is on', rule: x.rule });
      trace.bits(bitsOf(k, off), false, { kind: 'xsave', text: 'no enabling feature of the state component is on', rule: x.rule });
    });
  }
}

const wordNonZero = (s: CpuState, w: number) => (s.f[2 * w]! | s.f[2 * w + 1]!) !== 0;

function raise(s: CpuState, prop: number, value: number, r: LevelRuleIR, trace?: Trace): void {
  if ((s.values[prop] as number) >= value) return;
  s.values[prop] = value;
  trace?.prop(prop, value, { kind: 'level', text: `level rule \`${r.id}\` raises it to ${value}`, rule: r.rule });
}

function levelRule(core: Core, s: CpuState, r: LevelRuleIR, trace?: Trace): void {
  for (const p of r.when) if (s.values[p] !== true) return;
  for (const w of r.words) {
    const src = core.rules.words[w]!.source;
    if (src.kind !== 'cpuid' || !wordNonZero(s, w)) continue;
    const limit = leafLimit(core.roles, src.eax);
    if (limit !== undefined) raise(s, limit, src.eax, r, trace);
    if (src.eax === 7) s.minLevelFunc7 = Math.max(s.minLevelFunc7, src.ecx ?? 0);
  }
  const f = r.feature === undefined ? undefined : core.rules.features[r.feature]!;
  const triggered = f ? hasAll(s.f, f.parts) : r.word !== undefined && wordNonZero(s, r.word);
  if (!triggered) return;
  if (r.switch !== undefined && s.values[r.switch] === false) {
    if (!f || !r.raise.some((x) => (s.values[x.prop] as number) < x.value)) return;
    for (const p of f.parts) {
      s.filtered[p.slot]! |= s.f[p.slot]! & p.mask;
      s.f[p.slot]! &= ~p.mask;
    }
    trace?.bits(f.bits, false, { kind: 'level', text: `level rule \`${r.id}\`: the level is too low and \`${core.rules.properties[r.switch]!.name}\` is off`, rule: r.rule, ...(r.warning ? { warning: r.warning } : {}) });
    return;
  }
  for (const x of r.raise) raise(s, x.prop, x.value, r, trace);
}

function fillLevel(s: CpuState, limit: number, value: unknown, trace: Trace | undefined, from: string): void {
  if (s.values[limit] !== UNSET) return;
  s.values[limit] = value;
  trace?.prop(limit, value, { kind: 'level', text: `not set: it takes ${from}` });
}

/** The level rules in order, then the limits the user left unset take their minimum. */
function levels(core: Core, s: CpuState, trace?: Trace): void {
  for (const r of core.rules.levels) levelRule(core, s, r, trace);
  const { roles } = core;
  if (roles.levelFunc7 !== undefined) fillLevel(s, roles.levelFunc7, s.minLevelFunc7, trace, 'the highest leaf-7 subleaf in use');
  for (const [limit, min] of core.levelPairs) fillLevel(s, limit, s.values[min], trace, `\`${core.rules.properties[min]!.name}\``);
}

/** x86_cpu_expand_features under TCG (§3.3), in place. */
export function expandFeatures(core: Core, cls: ClassIR, s: CpuState, trace?: Trace): void {
  if (cls.special?.autoenable) autoenable(core, s, trace);
  dependencies(core, s, trace);
  zeroWords(core, s, trace);
  xsave(core, s, trace);
  levels(core, s, trace);
}
