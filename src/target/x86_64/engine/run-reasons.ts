/**
 * Why an x86 model cannot run under TCG exactly as asked, one group per
 * reason (the dependency rows QEMU applies, then TCG's supported bits), and
 * the fix: the closest model that runs there (cpumodel's baseline of the
 * request with what the accelerator provides) and the props to switch off.
 */
import type { MissingReason, ModelInfo, ModelRequest, RunFix, RunVerdict } from '../../types.js';
import { baselineSides, sideOf } from './relations.js';
import { at, because, type Because } from '../../../explain/because.js';
import { bitName } from './filter.js';
import type { X86Engine } from './engine.js';
import type { RealizeOutcome } from './realize.js';

const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];
const valueText = (v: unknown) => (v === true ? 'on' : v === false ? 'off' : String(v));
/** The request with `extra` switched off (a prop the request sets and the fix switches off is left out). */
const spec = (req: ModelRequest, extra: string[]) =>
  [req.name, ...(Array.isArray(req.props) ? req.props.filter(([k]) => !extra.includes(k)).map(([k, v]) => `${k}=${valueText(v)}`) : []), ...extra.map((n) => `${n}=off`)].join(',');

function groups(engine: X86Engine, r: RealizeOutcome): { data: MissingReason; because: Because }[] {
  const { rules } = engine;
  const out: { data: MissingReason; because: Because }[] = [];
  for (const d of rules.dependencies.filter((row) => row.clearBits.some((b) => r.dependencyBits.includes(b)))) {
    const features = uniq(d.clearBits.filter((b) => r.dependencyBits.includes(b)).map((b) => bitName(rules, b)));
    const reason = `dependency \`${d.id}\`: none of ${d.ifNoneFeatures.map((f) => `\`${rules.features[f]!.name}\``).join(', ')} is on`;
    out.push({ data: { kind: 'dependency', label: 'dependency', reason, rule: at(d.rule), features }, because: because(`dependency: ${reason}: ${features.join(' ')}`, d.rule) });
  }
  const unsupported = uniq(r.unsupportedBits.map((b) => bitName(rules, b)));
  if (unsupported.length) {
    const reason = `${rules.accel.label} cannot provide them`;
    const kind = rules.accel.name === 'tcg' ? 'tcg' : 'environment';
    out.push({ data: { kind, label: rules.accel.label, reason, rule: at(rules.accel.rule), features: unsupported },
      because: because(`${rules.accel.label}: ${unsupported.length} missing, ${reason}: ${unsupported.join(' ')}`, rules.accel.rule) });
  }
  return out;
}

/**
 * The baseline of the request with everything the accelerator provides
 * (`host` on a described host, `max` under TCG, both with migratable off).
 * The vendor is the request's: TCG emulates any, and under KVM every named
 * model takes the host's anyway.
 */
function closest(engine: X86Engine, req: ModelRequest): ModelInfo | null {
  const asked = sideOf(engine, req, 'as-given');
  const all = sideOf(engine, { name: engine.environment === 'tcg' ? 'max' : 'host', props: [['migratable', false]] });
  if (!asked.ok || !all.ok) return null;
  const r = baselineSides(engine, asked.value, { features: all.value.features, vendor: asked.value.vendor });
  return r.ok ? r.value.model : null;
}

/** The verdict with its reasons, explanation and fix (switch off what is lost). */
export function withReasons(engine: X86Engine, req: ModelRequest, r: RealizeOutcome, v: RunVerdict): RunVerdict {
  if (v.runnable) return v;
  const g = groups(engine, r);
  if (g.length === 0) return v;
  const drop = uniq(g.flatMap((x) => x.data.features));
  const fix: RunFix = { closest: closest(engine, req), drop, spec: spec(req, drop) };
  const title = `\`${spec(req, [])}\` cannot run on ${v.environment}: ${drop.length} missing, for ${g.length} reason${g.length === 1 ? '' : 's'}`;
  const explanation = because(title, undefined, [because(`QEMU: ${v.error}`), ...g.map((x) => x.because)]);
  return { ...v, reasons: g.map((x) => x.data), fix, explanation };
}
