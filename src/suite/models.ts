import { parseCpuSpec as parseModelSpec } from '../util/cpu-spec.js';
import type { ModelRequest, PropOrder } from '../index.js';

/**
 * Models in a case: QEMU's -cpu syntax (`z14,vx=off`, props applied left to
 * right) or QMP-shaped maps (`{name: z14, props: {vx: false}}`, props in
 * QMP's QDict order). One case uses one syntax for all its models.
 */
export interface Models {
  models: ModelRequest[];
  order: PropOrder;
}

export class CaseError extends Error {}

/** A value as the QMP parser gives it: integers as bigint (a YAML integer is a JSON integer). */
const qmpValue = (v: unknown): unknown => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v);

function one(value: unknown): [ModelRequest, PropOrder] {
  if (typeof value === 'string') {
    try {
      const spec = parseModelSpec(value);
      return [{ name: spec.name, props: spec.props }, 'as-given'];
    } catch (e) {
      throw new CaseError((e as Error).message);
    }
  }
  const m = value as { name?: unknown; props?: unknown } | null;
  if (typeof m !== 'object' || m === null || typeof m.name !== 'string') throw new CaseError('a model is a -cpu string or a map {name, props}');
  const extra = Object.keys(m).find((k) => k !== 'name' && k !== 'props');
  if (extra) throw new CaseError(`unknown key \`${extra}\` in a model (expected name, props)`);
  if (m.props === undefined) return [{ name: m.name }, 'qmp'];
  if (typeof m.props !== 'object' || m.props === null || Array.isArray(m.props)) throw new CaseError('`props` must be a map');
  return [{ name: m.name, props: Object.entries(m.props).map(([k, v]) => [k, qmpValue(v)] as const) }, 'qmp'];
}

/** Parse COUNT models (or at least `min` when count is undefined). */
export function parseModels(value: unknown, min: number, max = min): Models {
  const list = Array.isArray(value) ? value : [value];
  if (list.length < min || list.length > max) {
    throw new CaseError(max === min ? `expected ${min === 1 ? 'one model' : `${min} models`}` : `expected at least ${min} models`);
  }
  const parsed = list.map(one);
  const orders = new Set(parsed.map(([, o]) => o));
  if (orders.size > 1) throw new CaseError('write every model of a case as a -cpu string, or every one as a {name, props} map');
  return { models: parsed.map(([m]) => m), order: parsed[0]![1] };
}
