import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLexer, type TokenType } from '../../src/qmp/json-lexer.js';
import { MessageBytes } from '../../src/qmp/json-message.js';
import { JsonStreamParser } from '../../src/qmp/json-parse.js';
import { PARTIAL } from './json-partials.js';

function feedSlices(parser: JsonStreamParser, text: string): void {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += 256) expect(parser.feed(bytes.subarray(i, i + 256))).toEqual([]);
}

describe('memory of a message in progress', () => {
  it.each(Object.entries(PARTIAL))('%s: the parser holds at most 1.5 bytes per byte', (_name, text) => {
    const parser = new JsonStreamParser();
    feedSlices(parser, text);
    expect(parser.midMessage).toBe(true);
    expect(parser.heldBytes).toBeLessThanOrEqual(1.5 * text.length);
    parser.reset();
    expect(parser.midMessage).toBe(false);
    expect(parser.heldBytes).toBeLessThan(1024);
  });

  it('frees what a big message held once it is complete', () => {
    const parser = new JsonStreamParser();
    feedSlices(parser, `{"execute":"query-version","id":"${'x'.repeat(100_000)}`);
    expect(parser.feed('"}')).toHaveLength(1);
    expect(parser.midMessage).toBe(false);
    expect(parser.heldBytes).toBeLessThan(1024);
  });

  // The heap, measured in a child process with --expose-gc: 20 parsers each holding one partial request.
  it.each(Object.keys(PARTIAL))('%s: the heap grows by a few bytes per byte held (child process, after gc)', (name) => {
    const script = `
      const { JsonStreamParser } = await import(${JSON.stringify(new URL('../../src/qmp/json-parse.ts', import.meta.url).href)});
      const { PARTIAL } = await import(${JSON.stringify(new URL('./json-partials.ts', import.meta.url).href)});
      const text = PARTIAL[${JSON.stringify(name)}];
      const used = () => { gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
      const before = used();
      const parsers = Array.from({ length: 20 }, () => {
        const p = new JsonStreamParser(); const b = Buffer.from(text);
        for (let i = 0; i < b.length; i += 256) p.feed(b.subarray(i, i + 256));
        return p;
      });
      const grown = used() - before;
      console.log(JSON.stringify({ perByte: grown / parsers.length / text.length }));`;
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    const { perByte } = JSON.parse(run.stdout) as { perByte: number };
    expect(perByte).toBeLessThan(4); // was ~40 for one-byte tokens, when tokens were kept as objects
  });
});

const FRAGMENTS = ['{', '}', '[', ']', ':', ',', ' ', '1', '-0', '2.5', '1e3', '-1E-2', '0', 'true', 'nul', 'x', '"a b"', "'q'", '"\\"\\\\"', "'\\''", '"\\u00e9"', '"é"', '"\t"', '@', '\n'];

function lexed(bytes: Uint8Array): Array<[TokenType, string]> {
  const out: Array<[TokenType, string]> = [];
  new JsonLexer((type, text) => out.push([type, Buffer.from(text).toString('latin1')]), 1 << 20).feed(bytes);
  return out;
}

describe('MessageBytes', () => {
  it('splits back into exactly the tokens appended', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (parts) => {
      const tokens = lexed(Buffer.from(`${parts.join('')}\n`)).filter(([type]) => type !== 'error' && type !== 'oversize');
      const message = new MessageBytes();
      for (const [type, text] of tokens) message.append(type, Buffer.from(text, 'latin1'));
      const back: Array<[TokenType, string]> = [];
      message.forEach((type, text) => back.push([type, Buffer.from(text).toString('latin1')]));
      expect(back).toEqual(tokens);
    }), { numRuns: 2000 });
  });
});
