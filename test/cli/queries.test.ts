import { describe, expect, it } from 'vitest';
import { s390xEngine as builtinEngine } from '../s390x.js';
import { staticInfo } from '../../src/target/s390x/query/expand.js';
import { cli, json } from './run.js';

/** The CLI's answers are the engine's, with `-cpu` (left-to-right) prop order. */
const engine = builtinEngine();

function built(name: string, props: [string, boolean][] = []) {
  const r = engine.build({ name, props }, 'model', 'as-given');
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('expand', () => {
  it('z13,vx=off --json: z13-base without vx, as the engine answers', async () => {
    const r = await cli('expand z13,vx=off --json');
    expect(r.code).toBe(0);
    const value = json(r) as { model: { name: string; props: Record<string, boolean> } };
    expect(value.model.name).toBe('z13-base');
    expect(value.model.props).not.toHaveProperty('vx');
    const expected = engine.expand({ name: 'z13', props: [['vx', false]] }, 'static', 'as-given');
    expect(expected.ok && value).toEqual(expected.ok && expected.value);
  });

  it('--type full lists every feature', async () => {
    const value = json(await cli('expand z14 --type full --json')) as { model: { props: Record<string, boolean> } };
    const expected = engine.expand({ name: 'z14' }, 'full', 'as-given');
    expect(expected.ok && value).toEqual(expected.ok && expected.value);
  });

  it('applies props left to right, as -cpu does', async () => {
    const props = async (spec: string) =>
      (json(await cli(['expand', spec, '--type', 'full', '--json'])) as { model: { props: Record<string, boolean> } }).model.props;
    expect((await props('z13,msa4=off,kmac-aes-128=on'))['kmac-aes-128']).toBe(true);
    const reversed = await props('z13,kmac-aes-128=on,msa4=off');
    expect(reversed['kmac-aes-128']).toBeUndefined();
    expect(reversed.msa4).toBe(false);
  });

  it('accepts +prop, -prop, a bare prop and every bool word', async () => {
    const a = await cli('expand z14,-vxeh,+vx,gs=no,te=n,gs,ri=false,ri=y --json');
    const b = await cli('expand z14,vxeh=off,vx=on,gs=off,te=off,gs=on,ri=off,ri=on --json');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
  });

  it('deprecated-props: only the 10.0 profile reports them', async () => {
    expect(json(await cli('--profile qemu-7.2 expand z13 --json'))).not.toHaveProperty('deprecated-props');
    expect(json(await cli('expand z13 --json'))).toHaveProperty('deprecated-props', ['bpb', 'te', 'cte', 'csske']);
    expect((await cli('expand z13 --json --profile qemu-10.0')).out).toBe((await cli('expand z13 --json')).out);
  });
});

describe('compare', () => {
  it('z14 z13 is superset, as the engine answers', async () => {
    const r = await cli('compare z14 z13 --json');
    expect(json(r)).toMatchObject({ result: 'superset' });
    const expected = engine.compare({ name: 'z14' }, { name: 'z13' }, 'as-given');
    expect(expected.ok && json(r)).toEqual(expected.ok && expected.value);
  });

  it('human output groups the responsible properties by side', async () => {
    const r = await cli('compare z13,-te zEC12');
    expect(r.out).toMatch(/^z13,-te and zEC12 are incompatible\n/);
    expect(r.out).toMatch(/^only in A \(z13,-te\)\s+gen13ptff, msa5, stfle53, dfppc, vx$/m);
    expect(r.out).toMatch(/^only in B \(zEC12\)\s+te$/m);
    expect(r.out).toMatch(/^generation \(type\)\s+A gen 13 GA1 \(z13\), B gen 12 GA1 \(zEC12\)$/m);
  });

  it('identical models', async () => {
    const r = await cli('compare z14,vx=off z14,-vx');
    expect(r.out).toContain('are identical');
    expect(r.out).toMatch(/^only in A .*\s-$/m);
  });
});

describe('baseline', () => {
  it('qemu z14 --json is the QEMU answer, byte for byte', async () => {
    const r = await cli('baseline qemu z14 --json');
    expect(r.out).toBe('{"model": {"name": "z800-base", "props": {"etf2": true, "ldisp": true}}}\n');
  });

  it('two models: the engine\'s baseline', async () => {
    const expected = engine.baseline({ name: 'z13', props: [['vx', false]] }, { name: 'gen15a' }, 'as-given');
    expect(expected.ok && json(await cli('baseline z13,vx=off gen15a --json'))).toEqual(expected.ok && expected.value);
  });

  it('z13 z14 gen15a folds left', async () => {
    const ab = engine.baselineOf(built('z13'), built('z14'));
    const abc = ab.ok ? engine.baselineOf(ab.value, built('gen15a')) : ab;
    if (!abc.ok) throw new Error(abc.error.code);
    const model = staticInfo(engine.rules, abc.value, engine.sets(abc.value).base);
    expect(json(await cli('baseline z13 z14 gen15a --json'))).toEqual({ model });
    expect(model.name).toBe('z13-base');
  });

  it('one model is a usage error', async () => {
    const r = await cli('baseline z13');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: missing argument: expected at least two models');
  });
});

describe('definitions', () => {
  it('--json is the query-cpu-definitions list', async () => {
    expect(json(await cli('definitions --json'))).toEqual(engine.definitions());
  });

  it('the table says runnable or counts what is unavailable', async () => {
    const r = await cli('definitions');
    expect(r.out).toMatch(/^z900-base\s+yes\s+yes\s+runnable\s+IBM zSeries 900 GA1$/m);
    const unavailable = engine.definitions().find((d) => d.name === 'gen16a')!['unavailable-features'].length;
    expect(r.out).toMatch(new RegExp(`^gen16a\\s+no\\s+yes\\s+${unavailable}\\s`, 'm'));
  });
});
