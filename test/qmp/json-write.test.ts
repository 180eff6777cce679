import { describe, expect, it } from 'vitest';
import { Members, quoteString, toJson } from '../../src/qmp/json-write.js';
import { formatDouble } from '../../src/qmp/json-number.js';
import { qdictOrder } from '../../src/util/qdict.js';

describe('toJson', () => {
  it('uses QEMU separators and QDict key order', () => {
    expect(toJson({ return: { a: 1, b: [1, 2] }, id: 'x' })).toBe('{"return": {"a": 1, "b": [1, 2]}, "id": "x"}');
    expect(toJson({ error: { class: 'GenericError', desc: 'd' }, id: 1n })).toBe('{"id": 1, "error": {"class": "GenericError", "desc": "d"}}');
    expect(toJson([])).toBe('[]');
    expect(toJson(new Map())).toBe('{}');
  });

  it('orders Map and object keys as QEMU 7.2/10.0 printed them live', () => {
    const keys = ['zeta', 'alpha', 'mid', '__proto__x', ''];
    const expected = '{"__proto__x": 1, "": 1, "mid": 1, "zeta": 1, "alpha": 1}';
    expect(toJson(new Map(keys.map((k) => [k, 1n])))).toBe(expected);
    expect(toJson(Object.fromEntries(keys.map((k) => [k, 1])))).toBe(expected);
    expect(toJson({ b: 1, a: 2, c: [1, { z: null }] })).toBe('{"a": 2, "b": 1, "c": [1, {"z": null}]}');
  });

  it('writes long objects (remembered member texts) exactly as the plain writer does', () => {
    const plain = (o: Record<string, unknown>) => `{${qdictOrder(Object.keys(o).filter((k) => o[k] !== undefined))
      .map((k) => `${quoteString(k)}: ${toJson(o[k])}`).join(', ')}}`;
    const keys = Array.from({ length: 60 }, (_, i) => `key-${i}${i % 7 ? '' : '"é'}`);
    const values: unknown[] = [true, false, 3, -0, 0.1, 'text', 1n << 64n, null, undefined, [1, { a: true }]];
    for (let n = 0; n < 40; n++) {
      const o = Object.fromEntries(keys.map((k, i) => [k, values[(i * 7 + n) % values.length]]));
      expect(toJson(o)).toBe(plain(o));
    }
    expect(toJson({ ...Object.fromEntries(keys.map((k) => [k, true])), [keys[5]!]: undefined })).not.toContain('"key-5"');
  });

  it('writes Members (key list and values) as the object of the same entries, short or long, undefined left out', () => {
    const values: unknown[] = [true, false, 3, 'text', 1n << 64n, undefined, [1, { a: true }]];
    for (const length of [0, 3, 31, 32, 60]) {
      const keys = Array.from({ length }, (_, i) => `key-${i}`);
      for (let n = 0; n < 10; n++) {
        const vs = keys.map((_, i) => values[(i * 5 + n) % (n < 5 ? 5 : values.length)]);
        const members = new Members(keys, vs);
        expect(toJson({ m: members })).toBe(toJson({ m: Object.fromEntries(keys.map((k, i) => [k, vs[i]])) }));
        expect(toJson(members)).toBe(toJson(new Members(keys, vs)));
        const recurring = new Members(keys, vs, true);
        expect([toJson({ a: recurring }), toJson({ a: recurring })]).toEqual([toJson({ a: members }), toJson({ a: members })]);
      }
    }
  });

  it('prints safe integers, -0 and doubles as %.17g does', () => {
    expect(toJson([0, -0, 9007199254740991, -42, 1e16, 0.5])).toBe('[0, -0, 9007199254740991, -42, 10000000000000000, 0.5]');
  });

  it('prints scalars', () => {
    expect(toJson([true, false, null, 18446744073709551615n, -9223372036854775808n])).toBe(
      '[true, false, null, 18446744073709551615, -9223372036854775808]',
    );
  });

  it('rejects values JSON cannot hold', () => {
    expect(() => toJson(undefined)).toThrow(TypeError);
  });
});

describe('quoteString', () => {
  it('escapes like QEMU: short escapes, \\u for control and non-ASCII, no escape for /', () => {
    expect(quoteString('a/b\\c"d\b\f\n\r\t\u0001\u007f\u00e9\u2028')).toBe(
      '"a/b\\\\c\\"d\\b\\f\\n\\r\\t\\u0001\\u007F\\u00E9\\u2028"',
    );
  });

  it('writes astral characters as surrogate pairs and U+0000 as \\u0000', () => {
    expect(quoteString('\u{1f600}\u0000')).toBe('"\\uD83D\\uDE00\\u0000"');
  });

  it('replaces code points QEMU cannot hold', () => {
    expect(quoteString('\ud800x\uffff')).toBe('"\\uFFFDx\\uFFFD"');
  });
});

describe('formatDouble (%.17g)', () => {
  it.each([
    [1.5, '1.5'], [0.1, '0.10000000000000001'], [1e20, '1e+20'], [1e16, '10000000000000000'], [1e17, '1e+17'],
    [1e-7, '9.9999999999999995e-08'], [0.0001, '0.0001'], [2.5e-5, '2.5000000000000001e-05'], [5e-324, '4.9406564584124654e-324'],
    [-0, '-0'], [0, '0'], [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'], [22, '22'],
    [18446744073709551616, '1.8446744073709552e+19'], [-9223372036854775809, '-9.2233720368547758e+18'],
    [12345678901234567, '12345678901234568'], [1.7976931348623157e308, '1.7976931348623157e+308'],
  ])('%s -> %s', (value, text) => {
    expect(formatDouble(value)).toBe(text);
  });

  it('rounds exact ties to even, unlike toPrecision', () => {
    expect(formatDouble(1.00000762939453125)).toBe('1.0000076293945312');
    expect((1.00000762939453125).toPrecision(17)).toBe('1.0000076293945313');
  });
});
