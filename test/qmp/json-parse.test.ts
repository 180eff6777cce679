import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonStreamParser, type JsonEvent } from '../../src/qmp/json-parse.js';

const parse = (input: string | Uint8Array, limits = {}): JsonEvent[] => new JsonStreamParser(limits).feed(input);
const errors = (input: string | Uint8Array, limits = {}): string[] =>
  parse(input, limits).map((e) => ('error' in e ? e.error : `value ${typeof e.value}`));

describe('framing', () => {
  it('splits a stream into messages at balanced brackets', () => {
    expect(parse('{"a":1}{"b":[2]} 3 "x"').length).toBe(4);
  });

  it('waits for the end of a scalar', () => {
    const parser = new JsonStreamParser();
    expect(parser.feed('12')).toEqual([]);
    expect(parser.feed('3 ')).toEqual([{ value: 123n }]);
  });

  it('keeps objects open across newlines and chunks', () => {
    const parser = new JsonStreamParser();
    expect(parser.feed('{"execute":\n')).toEqual([]);
    expect(parser.feed('"x"\n}')).toEqual([{ value: new Map([['execute', 'x']]) }]);
  });

  it('ignores braces inside strings', () => {
    expect(parse(`{"a":"}]{["}`)).toEqual([{ value: new Map([['a', '}]{[']]) }]);
  });

  it('ends a message at a stray closer', () => {
    expect(errors('[}]\n}\n')).toEqual(['JSON parse error, expecting value', 'JSON parse error, expecting value', 'JSON parse error, expecting value']);
  });

  it('gives the same events however the bytes are chunked', () => {
    const samples = ['{"a": [1, 2.5, "x\\u00e9"]}', 'garbage]{"b":true}', '"abc\n{"c":null}', '[[{}]] tru 01 -0.0', '\'sq\' {"d":{"e":[]}}'];
    fc.assert(fc.property(fc.constantFrom(...samples), fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
      const bytes = new TextEncoder().encode(text);
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const parser = new JsonStreamParser();
      const events: JsonEvent[] = [];
      let from = 0;
      for (const at of [...points, bytes.length]) {
        events.push(...parser.feed(bytes.subarray(from, at)));
        from = at;
      }
      expect(events).toEqual(parse(bytes));
    }));
  });

  // Fed one byte at a time, no object is ever whole in one chunk: the lexer reads everything.
  it('reads whole objects by the fast path (json-fast.ts) as the lexer reads them, within any limits', () => {
    const pieces = ['{', '}', '[', ']', ':', ',', ' ', '\n', '\t', '"a"', '"b"', '"x y"', '""', '1', '-0', '0', '01', '-', '123456789012345',
      '1234567890123456', '1.5', '2e3', 'true', 'false', 'null', 'nul', 'truex', '"\\n"', "'q'", '"é"', '"\x7f"', '@'];
    const text = fc.oneof(
      fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((p) => p.join('')),
      fc.json().map((j) => `{"k": ${j}, "execute": "x"}`),
      fc.object().map((o) => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))),
    );
    const limits = fc.constantFrom({}, { maxNesting: 2 }, { maxTokenCount: 5 }, { maxTokenSize: 12 });
    fc.assert(fc.property(fc.array(text, { maxLength: 4 }), limits, (texts, lim) => {
      const bytes = new TextEncoder().encode(texts.join('\n'));
      const lexer = new JsonStreamParser(lim);
      const events: JsonEvent[] = [];
      for (let i = 0; i < bytes.length; i++) events.push(...lexer.feed(bytes.subarray(i, i + 1)));
      expect(parse(bytes, lim)).toEqual(events);
    }), { numRuns: 3000 });
  });
});

describe('values', () => {
  it('keeps key insertion order for any key', () => {
    const [event] = parse('{"b":1,"__proto__":2,"10":3,"2":4}');
    expect([...(event as { value: Map<string, unknown> }).value.keys()]).toEqual(['b', '__proto__', '10', '2']);
  });

  it('reads integers as bigint within int64/uint64, doubles otherwise', () => {
    const values = parse('[1, -0, 9223372036854775808, 18446744073709551616, -9223372036854775809, 1.5, -0.0, 1e400]');
    expect(values).toEqual([{ value: [1n, 0n, 9223372036854775808n, 18446744073709551616, -9223372036854775809, 1.5, -0, Infinity] }]);
  });

  it('decodes escapes, single quotes, surrogate pairs and modified UTF-8', () => {
    const [event] = parse(Buffer.from(`['\\"\\'', "\\/\\b\\u00e9\\ud83d\\ude00", "\xc0\x80"]`, 'latin1'));
    expect(event).toEqual({ value: ['"\'', '/\b\u00e9\u{1f600}', '\u0000'] });
  });
});

describe('errors', () => {
  it('reports lexical errors with the bytes read so far', () => {
    expect(errors('01\n-a\n@\n"a\tb"\n')).toEqual([
      "JSON parse error, stray '01'", "JSON parse error, stray '-a'", "JSON parse error, stray '@'",
      'JSON parse error, stray \'"a\t\'',
    ]);
  });

  it('skips to a structural or control character after an error', () => {
    expect(errors('01 -a @ "b" 1\n2 ')).toEqual(["JSON parse error, stray '01'", 'value bigint']);
    expect(errors('x!}')).toEqual(["JSON parse error, invalid keyword 'x'", "JSON parse error, stray '!'", 'JSON parse error, expecting value']);
  });

  it('shows invalid bytes as U+FFFD and cuts at a zero byte', () => {
    expect(errors(Buffer.from('\xff\n"a\x00b"', 'latin1'))).toEqual([
      "JSON parse error, stray '\uFFFD'", 'JSON parse error, stray \'"a\'',
    ]);
  });

  it('reports the first syntax error', () => {
    expect(errors('{"a" 1} {1:2} {"a":1 "b":2} [1 2] {"a":tru,"a":1} {"a":1,"a":2}')).toEqual([
      'JSON parse error, missing : in object pair', 'JSON parse error, key is not a string in object',
      'JSON parse error, expected separator in dict', 'JSON parse error, expected separator in list',
      "JSON parse error, invalid keyword 'tru'", 'JSON parse error, duplicate key',
    ]);
  });

  it('reports bad string contents', () => {
    expect(errors('"\\x" "\\u12" "\\ud800\\u0041" "\\udbff\\udfff"')).toEqual([
      'JSON parse error, invalid escape sequence in string', 'JSON parse error, \\u12" is not a valid Unicode character',
      'JSON parse error, \\ud800 is not a valid Unicode character', 'JSON parse error, \\udbff\\udfff is not a valid Unicode character',
    ]);
    expect(errors(Buffer.from('"\xef\xbf\xbf"', 'latin1'))).toEqual(['JSON parse error, invalid UTF-8 sequence in string']);
  });
});

describe('limits', () => {
  it('limits the total token size of a message', () => {
    expect(errors('"123456789012"', { maxTokenSize: 15 })).toEqual(['value string']);
    expect(errors('"1234567890123"', { maxTokenSize: 15 })).toEqual(['JSON token size limit exceeded']);
  });

  it('cuts an oversized token in progress and lexes the rest afresh', () => {
    expect(errors('"aaaaaaaaaaaa"\n', { maxTokenSize: 8 })).toEqual([
      'JSON token size limit exceeded', "JSON parse error, invalid keyword 'aaaa'", 'JSON parse error, stray \'"\n\'',
    ]);
  });

  it('limits the token count and drops the token that overflows', () => {
    expect(errors('[1,2] [1,2,3]', { maxTokenCount: 5 })).toEqual(['value object', 'JSON token count limit exceeded', 'JSON parse error, expecting value']);
  });

  it('limits nesting and reads what follows as new messages', () => {
    expect(errors('[[[1]]]', { maxNesting: 2 })).toEqual([
      'JSON nesting depth limit exceeded', 'value bigint', 'JSON parse error, expecting value',
      'JSON parse error, expecting value', 'JSON parse error, expecting value',
    ]);
  });
});

describe('QEMU limits at their exact boundaries (as observed live in 7.2 and 10.0)', () => {
  const MiB64 = 64 * 1024 * 1024;
  const brief = (input: string): string[] =>
    parse(input).map((e) => ('error' in e ? e.error : e.value instanceof Map ? 'object' : typeof e.value));

  it('accepts 2097152 tokens in one message and refuses the next', () => {
    expect(brief(`[${'1,'.repeat(1048574)}[]]`)).toEqual(['object']);
    expect(brief(`[${'1,'.repeat(1048575)}1]`)).toEqual(['JSON token count limit exceeded']);
  });

  it('accepts token bytes up to 64 MiB - 1 per message', () => {
    expect(brief(`"${'a'.repeat(MiB64 - 3)}"`)).toEqual(['string']);
    expect(brief(`"${'a'.repeat(MiB64 - 2)}"`)).toEqual(['JSON token size limit exceeded']);
    const head = '{"execute":"query-version","id":"';
    expect(brief(`${head}${'b'.repeat(MiB64 - 36)}"}`)).toEqual(['object']);
    expect(brief(`${head}${'b'.repeat(MiB64 - 35)}"}`)).toEqual(['JSON token size limit exceeded']);
  });

  it('cuts a string token growing past 64 MiB', () => {
    expect(brief(`"${'a'.repeat(MiB64 + 5)}"\n`)).toEqual([
      'JSON token size limit exceeded', "JSON parse error, invalid keyword 'aaaaa'", 'JSON parse error, stray \'"\n\'',
    ]);
  });
});
