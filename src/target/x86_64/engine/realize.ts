import type { Fix, LintReport, ModelRequest, PropEntry, PropOrder, RealizeReport, RunVerdict } from '../../types.js';
import { ok, type Result } from '../../result.js';
import { because } from '../../../explain/because.js';
import type { ClassIR, X86Rules } from '../compile/ir.js';
import type { X86Engine } from './engine.js';
import { errorText } from './errors.js';
import { describeRequest } from './explain.js';
import { expandFeatures } from './expand.js';
import { bitName, bitNames, filterUnsupported } from './filter.js';
import { applyRequest } from './props.js';
import { withReasons } from './run-reasons.js';
import { bitsOf, Trace, type CpuState } from './state.js';

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** QEMU's name for a bit in realize warnings: `CPUID.01H:ECX.x2apic [bit 21]`, `MSR(10AH).rdctl-no [bit 0]`. */
export function bitDescription(rules: X86Rules, bit: number): string {
  const w = rules.words[bit >>> 6]!;
  const where = w.source.kind === 'cpuid' ? `CPUID.${hex2(w.source.eax)}H:${w.source.reg}` : `MSR(${hex2(w.source.index)}H)`;
  const f = rules.bitFeature[bit]!;
  return `${where}${f >= 0 ? `.${rules.features[f]!.name}` : ''} [bit ${bit & 63}]`;
}


export interface RealizeOutcome {
  warnings: string[];
  error?: string;
  /** Bits realize drops: dependency-cleared user bits (and level drops), then unsupported ones. */
  dependencyBits: number[];
  unsupportedBits: number[];
  filtered: Uint32Array;
}

/** What realize fails with when `enforce` is on and features were dropped: the warning's words, for all of them. */
const enforceError = (warning: string) => `${warning[0]!.toUpperCase()}${warning.slice(1)}s`;

/**
 * x86_cpu_realizefn under TCG: expansion (cleared user bits warn as
 * dependency failures, row by row), then the accelerator filter (every
 * unsupported bit warns), then `enforce` makes any loss fatal. Warnings
 * print only with `check` or `enforce` on.
 */
export function realizeState(engine: X86Engine, cls: ClassIR, s: CpuState): RealizeOutcome {
  const { rules, core } = engine;
  const trace = new Trace();
  expandFeatures(core, cls, s, trace);
  const dropped = trace.steps.filter((t) => t.cause.warning !== undefined);
  const dependencyBits = dropped.flatMap((t) => t.bits);
  const unsupported = filterUnsupported(rules, s);
  const unsupportedBits = [...unsupported].flatMap((m, k) => bitsOf(k, m));
  const on = (role: number | undefined) => role !== undefined && s.values[role] === true;
  const verbose = on(core.roles.check) || on(core.roles.enforce);
  const overLimit = rules.accel.limits.filter((l) => (s.values[l.prop] as number) > l.max);
  const warnings = verbose ? [
    ...dropped.flatMap((t) => t.bits.map((b) => `${t.cause.warning}: ${bitDescription(rules, b)}`)),
    ...unsupportedBits.map((b) => `${rules.accel.unsupportedWarning}: ${bitDescription(rules, b)}`),
    ...overLimit.map((l) => `${rules.accel.unsupportedWarning}: ${l.warning.replace('{value}', String(s.values[l.prop]))}`),
  ] : [];
  const lost = s.filtered.some((m) => m !== 0) || overLimit.length > 0;
  return { warnings, ...(on(core.roles.enforce) && lost ? { error: enforceError(rules.accel.unsupportedWarning) } : {}), dependencyBits, unsupportedBits, filtered: s.filtered };
}

const valueText = (v: unknown) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));

/** What `-cpu SPEC` prints at start: a bad property stops it ("can't apply global"), else realize's warnings. */
export function realize(engine: X86Engine, req: ModelRequest, order: PropOrder): Result<RealizeReport> {
  const built = engine.build({ name: req.name }, order);
  if (!built.ok && built.error.code === 'unknown-model') return ok({ warnings: [], error: `unable to find CPU model '${req.name}'` });
  if (!built.ok) return built;
  const { cls, state } = built.value;
  const entries: readonly PropEntry[] = Array.isArray(req.props) ? req.props : [];
  for (const entry of entries) {
    const error = applyRequest(engine.core, cls, state, [entry], 'as-given');
    if (error) return ok({ warnings: [], error: `can't apply global ${cls.typename}.${entry[0].replaceAll('_', '-')}=${valueText(entry[1])}: ${errorText(error, engine.dialect)}` });
  }
  const r = realizeState(engine, cls, state);
  return ok({ warnings: r.warnings, ...(r.error ? { error: r.error } : {}) });
}


/**
 * Can a VM start with the model exactly as asked? Runnable means no feature
 * is dropped: what `enforce=on` demands (without it QEMU starts anyway, with
 * the warnings, and the guest sees less than it asked for).
 */
export function checkRun(engine: X86Engine, req: ModelRequest, order: PropOrder): Result<RunVerdict> {
  const built = engine.build(req, order);
  if (!built.ok) return built;
  const r = realizeState(engine, built.value.cls, built.value.state);
  const unavailable = bitNames(engine.rules, r.filtered);
  const runnable = unavailable.length === 0 && !r.error;
  const verdict: RunVerdict = { environment: engine.environment, runnable, warnings: r.warnings, ...(runnable ? {} : { error: r.error ?? enforceError(engine.rules.accel.unsupportedWarning) }), unavailable };
  return ok(withReasons(engine, req, r, verdict));
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Requested features realize would drop, with the rows or masks that drop them, and the smallest fixes. */
export function lint(engine: X86Engine, req: ModelRequest, order: PropOrder): Result<LintReport> {
  const built = engine.build(req, order);
  if (!built.ok) return built;
  const { rules } = engine;
  const r = realizeState(engine, built.value.cls, built.value.state);
  const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];
  const dropped = uniq(r.dependencyBits.map((b) => bitName(rules, b)));
  const unsupported = uniq(r.unsupportedBits.map((b) => bitName(rules, b)));
  const rows = rules.dependencies.filter((d) => d.clearBits.some((b) => r.dependencyBits.includes(b)));
  const prerequisites = uniq(rows.map((d) => rules.features[d.ifNoneFeatures[0]!]?.name ?? ''));
  const fixes: Fix[] = [];
  if (dropped.length) fixes.push({ action: 'enable', features: prerequisites, feasible: prerequisites.every((n) => rules.accel.supported.has(rules.features[rules.featureIndex.get(n)!]!.bits[0]!)) });
  if (dropped.length || unsupported.length) fixes.push({ action: 'disable', features: [...dropped, ...unsupported], feasible: true });
  fixes.sort((a, b) => Number(b.feasible) - Number(a.feasible) || a.features.length - b.features.length);
  const premises = [
    ...rows.map((d) => because(`dependency \`${d.id}\` clears ${uniq(d.clearBits.filter((b) => r.dependencyBits.includes(b)).map((b) => bitName(rules, b))).map((n) => `\`${n}\``).join(', ')}: none of ${d.ifNoneFeatures.map((f) => `\`${rules.features[f]!.name}\``).join(', ')} is on`, d.rule)),
    ...unsupported.map((n) => because(`${rules.accel.label} cannot provide \`${n}\``, rules.accel.rule, [], { kind: 'unavailable', prop: n })),
  ];
  const title = premises.length ? `\`${describeRequest(req)}\` loses ${plural(dropped.length + unsupported.length, 'requested feature')} when it starts` : `\`${describeRequest(req)}\` starts with every requested feature`;
  return ok({ model: describeRequest(req), warnings: r.warnings, fixes, explanation: because(title, undefined, premises) });
}

