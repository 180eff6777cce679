/**
 * A prop that switches a prerequisite on (`vmx`) brings back the chosen
 * model's table features a dependency row had cleared; the baseline
 * switches those off again, so its expansion is the intersection exactly
 * (found on real hosts: Haswell-noTSX with vmx=on needed vmx-eptp-switching).
 */
import { describe, expect, it } from 'vitest';
import { openRules, type ArchEngine, type ModelRequest, type PropEntry } from '../../src/index.js';

const on = (engine: ArchEngine, req: ModelRequest) => {
  const x = engine.expand(req, 'static');
  if (!x.ok) throw new Error(req.name);
  return new Set(Object.entries(x.value.model.props ?? {}).filter(([, v]) => v === true).map(([k]) => k));
};

describe('x86 baseline: features a switched-on prerequisite brings back', () => {
  it('Haswell-noTSX,vmx=on and Cooperlake,vmx=on,vmx-eptp-switching=off: `Haswell-noTSX` with vmx-eptp-switching=off, the intersection exactly', () => {
    const e = openRules(undefined, 'x86_64').engine();
    if ('diagnostics' in e) throw new Error('engine');
    const a: ModelRequest = { name: 'Haswell-noTSX', props: [['vmx', true]] };
    const b: ModelRequest = { name: 'Cooperlake', props: [['vmx', true], ['vmx-eptp-switching', false]] };
    const r = e.engine.relations!.baseline(a, b);
    if (!r.ok) throw new Error('baseline');
    expect([r.value.model.name, r.value.model.props?.['vmx-eptp-switching']]).toEqual(['Haswell-noTSX', false]);
    expect(on(e.engine, { name: 'Haswell-noTSX', props: [['vmx', true]] }).has('vmx-eptp-switching')).toBe(true);
    const common = [...on(e.engine, a)].filter((f) => on(e.engine, b).has(f)).sort();
    expect([...on(e.engine, { name: r.value.model.name, props: Object.entries(r.value.model.props ?? {}) as PropEntry[] })].sort()).toEqual(common);
    const why = e.engine.relations!.explainBaseline!(a, b);
    expect(why.ok && (why.value.premises ?? []).map((p) => p.claim).some((t) => t.startsWith('props switch off `vmx-eptp-switching`'))).toBe(true);
  });
});
