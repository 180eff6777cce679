import { describe, expect, it } from 'vitest';
import {
  EXCLUDED, modelSpaceRequests, objectPropertyRequests, randomRequests, type OracleInputs, type OracleRequest,
} from '../../src/target/x86_64/oracle-requests.js';

/** The x86_64 request generator on small hand-made inputs (live inputs: test/differential/x86_64.test.ts). */
const inputs: OracleInputs = {
  models: ['base', 'max', 'host', 'Westmere', 'Westmere-v1', 'Westmere-v2', 'Westmere-IBRS', 'qemu64'],
  features: ['pni', 'aes', 'sse4.1', 'lahf-lm', 'lm', 'nx', 'vmx', 'vmx-ept'],
  aliases: [{ alias: 'sse3', target: 'pni' }, { alias: 'sse4_1', target: 'sse4.1' }, { alias: 'sse4-1', target: 'sse4.1' },
    { alias: 'lahf_lm', target: 'lahf-lm' }, { alias: 'i64', target: 'lm' }, { alias: 'xd', target: 'nx' },
    { alias: 'lbr_fmt', target: 'lbr-fmt' }],
  properties: [
    ...['pni', 'aes', 'sse4.1', 'lahf-lm', 'lm', 'nx', 'vmx', 'vmx-ept', 'sse3', 'sse4_1', 'sse4-1', 'lahf_lm', 'i64', 'xd']
      .map((name) => ({ name, type: 'bool', writable: true })),
    { name: 'family', type: 'int', writable: true }, { name: 'vendor', type: 'string', writable: true },
    { name: 'level', type: 'uint32', writable: true }, { name: 'lbr-fmt', type: 'uint64', writable: true },
    { name: 'lbr_fmt', type: 'uint64', writable: true }, { name: 'realized', type: 'bool', writable: true },
    { name: 'hv-no-nonarch-coresharing', type: 'OnOffAuto', writable: true },
    { name: 'memory', type: 'link<memory-region>', writable: true },
    { name: 'feature-words', type: 'X86CPUFeatureWordInfo', writable: false },
  ],
  ownFeatures: { Westmere: ['aes', 'pni', 'lm', 'nx'] },
};

type Model = { name: string; props?: unknown };
const modelOf = (r: OracleRequest) => (r.arguments?.model ?? {}) as Model;
const propsOf = (r: OracleRequest): [string, unknown][] => {
  const p = modelOf(r).props;
  return p && typeof p === 'object' && !Array.isArray(p) ? Object.entries(p) : [];
};
const excluded = (k: string, v: unknown) => EXCLUDED.some(([name, bad]) => (name === k || (k === 'lbr_fmt' && name === 'lbr-fmt')) && bad(v));

describe('x86_64 oracle requests', () => {
  const random = randomRequests(inputs, 42, 4000);
  const all = [...random, ...objectPropertyRequests(inputs, 42)];

  it('the model space: definitions, static and full of every name, the commands x86 lacks', () => {
    const space = modelSpaceRequests(inputs);
    expect(space[0]).toEqual({ execute: 'query-cpu-definitions' });
    const expansions = space.filter((r) => r.execute === 'query-cpu-model-expansion');
    expect(expansions.map((r) => `${r.arguments!.type} ${modelOf(r).name}`).sort())
      .toEqual(inputs.models.flatMap((m) => [`full ${m}`, `static ${m}`]).sort());
    expect(space.filter((r) => /comparison|baseline/.test(r.execute)).length).toBe(2);
  });

  it('is a function of the seed', () => {
    const text = (rs: OracleRequest[]) => rs.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
    expect(text(randomRequests(inputs, 42, 300))).toEqual(text(random.slice(0, 300)));
    expect(text(randomRequests(inputs, 43, 300))).not.toEqual(text(random.slice(0, 300)));
  });

  it('never sends the documented exclusions (realized: true, a non-integer lbr-fmt or lbr_fmt)', () => {
    const bad = all.flatMap(propsOf).filter(([k, v]) => excluded(k, v));
    expect(bad).toEqual([]);
    expect(all.flatMap(propsOf).some(([k]) => k === 'realized')).toBe(true);
    expect(all.flatMap(propsOf).some(([k, v]) => k === 'lbr-fmt' && typeof v === 'bigint')).toBe(true);
  });

  it('covers the kinds of request the issue lists', () => {
    const props = random.flatMap(propsOf);
    const keys = new Set(props.map(([k]) => k));
    for (const k of ['sse3', 'sse4_1', 'sse4-1', 'lahf_lm', 'i64', 'xd', 'hv_relaxed', 'constructor', '__proto__', 'toString', 'migratable', 'feature-words', 'family', 'vendor']) {
      expect(keys, k).toContain(k);
    }
    const together = (a: string, b: string) => random.some((r) => { const k = propsOf(r).map(([x]) => x); return k.includes(a) && k.includes(b); });
    expect(together('sse3', 'pni') && together('sse4_1', 'sse4.1')).toBe(true);
    expect(props.some(([k, v]) => inputs.features.includes(k) && (v === 1 || v === 'on' || v === null))).toBe(true);
    const names = new Set(random.map((r) => modelOf(r).name));
    for (const n of ['westmere', 'WESTMERE', 'Westmere-x86_64-cpu', 'Westmere-IBRS', 'Westmere-v2', 'max', 'host', '']) expect(names, n).toContain(n);
    const nonObject = random.filter((r) => { const p = modelOf(r).props; return p !== undefined && (p === null || typeof p !== 'object' || Array.isArray(p)); });
    expect(nonObject.length).toBeGreaterThan(50);
    expect(random.some((r) => r.execute === 'query-cpu-model-comparison')).toBe(true);
    expect(random.filter((r) => r.execute === 'query-cpu-model-expansion').length).toBeGreaterThan(3500);
  });

  it('writes every writable non-feature property with valid and invalid values of its type', () => {
    const writes = objectPropertyRequests(inputs, 1).map((r) => propsOf(r)[0]!);
    const valuesOf = (key: string) => writes.filter(([k]) => k === key).map(([, v]) => v);
    expect(valuesOf('family')).toEqual(expect.arrayContaining([6, 270, 271, -1, 1.5, '6', 2n ** 63n]));
    expect(valuesOf('level')).toEqual(expect.arrayContaining([4294967295, 4294967296, -1]));
    expect(valuesOf('hv-no-nonarch-coresharing')).toEqual(expect.arrayContaining(['on', 'auto', 'bogus']));
    expect(valuesOf('memory').length).toBeGreaterThan(2);
    expect(valuesOf('realized')).not.toContain(true);
    expect(valuesOf('feature-words').length).toBe(1);
    expect(valuesOf('aes')).toEqual([]);
  });
});
