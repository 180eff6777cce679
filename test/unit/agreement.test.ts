import { describe, expect, it } from 'vitest';
import { agreement, compareReplies, orderedText } from '../../src/oracle/agreement.js';
import { parseExact, writeExact } from '../../src/oracle/exact-json.js';

/** The differential suites' notion of "equal", and exact JSON for QEMU's big integers. */
describe('comparing replies', () => {
  const ok = (props: unknown) => ({ return: { model: { name: 'base', props } } });

  it('props are a map, lists are sets, order is a separate verdict', () => {
    expect(compareReplies(ok({ a: true, b: 1 }), ok({ b: 1, a: true }))).toEqual({ equal: true, sameOrder: false });
    expect(compareReplies({ return: ['x', 'y'] }, { return: ['y', 'x'] })).toEqual({ equal: true, sameOrder: false });
    expect(compareReplies(ok({ a: true }), ok({ a: true }))).toEqual({ equal: true, sameOrder: true });
    expect(compareReplies(ok({ a: true }), ok({ a: true, b: false })).equal).toBe(false);
  });

  it('an integer is an integer as bigint or number; types still count', () => {
    expect(compareReplies(ok({ f: 18446744073709551552n }), ok({ f: 18446744073709551552n })).equal).toBe(true);
    expect(compareReplies(ok({ f: 18446744073709551552n }), ok({ f: 18446744073709551551n })).equal).toBe(false);
    expect(compareReplies(ok({ f: 6n }), ok({ f: 6 }))).toEqual({ equal: true, sameOrder: true });
    expect(compareReplies(ok({ f: 1n }), ok({ f: true })).equal).toBe(false);
    expect(compareReplies(ok({ f: 1n }), ok({ f: '1' })).equal).toBe(false);
    expect(compareReplies(ok({ f: 1n }), ok({ f: 1.5 })).equal).toBe(false);
  });

  it('errors: same class and text', () => {
    const err = (cls: string, desc: string) => ({ error: { class: cls, desc } });
    expect(compareReplies(err('GenericError', 'x'), err('GenericError', 'x')).equal).toBe(true);
    expect(compareReplies(err('GenericError', 'x'), err('GenericError', 'y')).equal).toBe(false);
    expect(compareReplies(err('GenericError', 'x'), err('CommandNotFound', 'x')).equal).toBe(false);
    expect(compareReplies(err('GenericError', 'x'), ok({})).equal).toBe(false);
    const a = agreement([{ execute: 'x' }, { execute: 'y' }], [err('GenericError', 'x'), ok({ a: 1n })], [err('GenericError', 'z'), ok({ a: 1 })]);
    expect([a.semantic, a.errors, a.errorTexts, a.exact, a.mismatches.length]).toEqual([2, 1, 0, 1, 1]);
  });

  it('exact JSON keeps 64-bit integers, floats, key order and __proto__ as a member', () => {
    const line = '{"b": 18446744073709551552, "a": -1, "c": 1.5, "__proto__": {"x": [1, true, null]}}';
    const value = parseExact(line) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['b', 'a', 'c', '__proto__']);
    expect(value.b).toBe(18446744073709551552n);
    expect(value.c).toBe(1.5);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(writeExact(value)).toBe(line.replace(/": /g, '":').replace(/, /g, ','));
    expect(orderedText(value)).toBe('{"b":18446744073709551552,"a":-1,"c":1.5,"__proto__":{"x":[1,true,null]}}');
    expect(() => parseExact('{"a": 1} {"b": 2}')).toThrow();
  });
});

describe('sameValue agrees with the canonical text', () => {
  it('on equal and unequal pairs', async () => {
    const { canonicalText, sameValue } = await import('../../src/oracle/agreement.js');
    const values: unknown[] = [1, 1n, 2n, 1.5, '1', true, null, [], [1, 2], [2, 1], [1, 1, 2], [[1], [2]], [[2], [1]], {}, { a: 1 }, { a: 1n },
      { b: 1 }, { a: 1, b: [true] }, { b: [true], a: 1 }, { a: { c: [1, 'x'] } }, { a: { c: ['x', 1n] } }, { a: undefined }];
    for (const a of values) for (const b of values) {
      expect(sameValue(a, b), `${canonicalText(a)} vs ${canonicalText(b)}`).toBe(canonicalText(a) === canonicalText(b));
    }
  });
});
