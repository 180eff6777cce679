import { describe, expect, it } from 'vitest';
import { builtinEngine, decompose, type ArchEngine, type ModelInfo, type ModelRequest } from '../../src/index.js';
import { parseCpuSpec } from '../../src/util/cpu-spec.js';

/**
 * The cpu-spec round trip over the whole model space: for every definition,
 * alone and with each of its properties on and off, and for every baseline of
 * two definitions, the printed `-cpu` string, parsed as `-cpu` parses it and
 * expanded, gives back the original static expansion (in `-cpu`'s order and
 * in QMP's). Requests QEMU refuses have no expansion and are skipped (counted).
 */
function staticOf(engine: ArchEngine, req: ModelRequest): ModelInfo | undefined {
  const r = engine.expand(req, 'static', 'as-given');
  return r.ok ? r.value.model : undefined;
}

/** Round-trip one request: undefined when fine, else a description of the failure. */
function roundTrip(engine: ArchEngine, req: ModelRequest): string | undefined {
  const original = staticOf(engine, req);
  if (!original) return undefined;
  const d = decompose(engine, original, req.name);
  if (!d) return `${req.name} ${JSON.stringify(req.props)}: no cpu-spec`;
  const spec = parseCpuSpec(d.spec);
  const again = staticOf(engine, { name: spec.name, props: spec.props });
  if (JSON.stringify(sorted(again)) !== JSON.stringify(sorted(original))) return `${d.spec}: expands to another model`;
  return undefined;
}

const sorted = (m: ModelInfo | undefined) => m && { name: m.name, props: Object.fromEntries(Object.entries(m.props ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) };

/** The boolean properties (features and groups) a model accepts: those its full expansion lists. */
function booleanProps(engine: ArchEngine, name: string): string[] {
  const r = engine.expand({ name }, 'full');
  return r.ok ? Object.entries(r.value.model.props ?? {}).filter(([, v]) => typeof v === 'boolean').map(([k]) => k) : [];
}

/**
 * Every model alone, and every definition with each property on and off.
 * A request that sets a property to the value it already has is the bare
 * model again: it is counted but not expanded twice.
 */
function sweep(engine: ArchEngine, names: readonly string[], definitions: readonly string[], props: readonly string[], stride = 1) {
  const failures: string[] = [];
  let checked = 0;
  for (const name of names) {
    const f = roundTrip(engine, { name });
    if (f) failures.push(f);
  }
  definitions.forEach((name, d) => {
    const own = staticOf(engine, { name })?.props ?? {};
    for (const p of props.filter((_, i) => i % stride === d % stride)) {
      for (const on of [true, false]) {
        checked++;
        if (own[p] === on) continue;
        const bad = roundTrip(engine, { name, props: [[p, on]] });
        if (bad) failures.push(bad);
      }
    }
  });
  return { failures, checked };
}

describe('cpu-spec round trip over the model space', () => {
  it('s390x: every definition × every feature and group on and off', () => {
    const engine = builtinEngine(undefined, { arch: 's390x' });
    const groups = engine.listing('groups')!;
    const groupNames = groups.ok ? groups.value.rows.map((r) => r[0]!) : [];
    const features = booleanProps(engine, 'max');
    const all = [...new Set([...features, ...groupNames])];
    expect(all.length).toBeGreaterThan(200);
    const names = engine.modelNames();
    const { failures, checked } = sweep(engine, names, names, all);
    expect(checked).toBeGreaterThan(30_000);
    expect(failures).toEqual([]);
  }, 600_000);

  it('s390x: every baseline of two definitions', () => {
    const engine = builtinEngine(undefined, { arch: 's390x' });
    const names = engine.modelNames();
    const failures: string[] = [];
    let checked = 0;
    for (const a of names) {
      for (const b of names) {
        const r = engine.relations!.baselineAll([{ name: a }, { name: b }]);
        if (!r.ok) continue;
        checked++;
        const d = decompose(engine, r.value.model);
        const spec = d && parseCpuSpec(d.spec);
        const again = spec && staticOf(engine, { name: spec.name, props: spec.props });
        if (JSON.stringify(sorted(again)) !== JSON.stringify(sorted(r.value.model))) failures.push(`${a} + ${b}`);
      }
    }
    expect(checked).toBeGreaterThan(6000);
    expect(failures).toEqual([]);
  }, 600_000);

  // x86 definitions are the model table's entries; the `-vN` versions are checked alone. Each
  // definition takes every STRIDE-th feature (a different offset each, so every feature is
  // switched on some definitions); CPUMODEL_FULL_SPACE=1 takes them all (about 2 minutes).
  const STRIDE = process.env.CPUMODEL_FULL_SPACE === '1' ? 1 : 5;
  for (const profile of ['qemu-7.2', 'qemu-10.0']) {
    it(`x86_64 ${profile}: every model alone, every definition × every ${STRIDE === 1 ? "" : `${STRIDE}th `}feature on and off`, () => {
      const engine = builtinEngine(profile, { arch: 'x86_64' });
      const base = staticOf(engine, { name: 'base' })!;
      const features = Object.entries(base.props ?? {}).filter(([, v]) => typeof v === 'boolean').map(([k]) => k);
      expect(features.length).toBeGreaterThan(300);
      const names = engine.modelNames();
      const definitions = names.filter((n) => !/-v\d+$/.test(n));
      const { failures, checked } = sweep(engine, names, definitions, features, STRIDE);
      expect(definitions.length).toBeGreaterThan(40);
      expect(checked).toBeGreaterThan(25_000 / STRIDE);
      expect(failures).toEqual([]);
    }, 600_000);
  }
});

describe('why a naive conversion is not enough', () => {
  it('group and member settings depend on their order; the printed -cpu string does not', () => {
    const engine = builtinEngine(undefined, { arch: 's390x' });
    const written: ModelRequest = { name: 'z14', props: [['kmac-aes-128', true], ['msa4', false]] };
    const reordered: ModelRequest = { name: 'z14', props: [['msa4', false], ['kmac-aes-128', true]] };
    const original = staticOf(engine, written)!;
    // The same props in another order (QMP's dict order, a sorted list, …) are another model.
    expect(sorted(staticOf(engine, reordered))).not.toEqual(sorted(original));
    const d = decompose(engine, original, 'z14')!;
    expect(d.spec).toBe('z14,msa4=off');
    for (const order of ['as-given', 'qmp'] as const) {
      const spec = parseCpuSpec(d.spec);
      const r = engine.expand({ name: spec.name, props: spec.props }, 'static', order);
      expect(r.ok && sorted(r.value.model)).toEqual(sorted(original));
    }
  });
});
