import { describe, expect, it } from 'vitest';
import { toJsonLine } from '../../src/qmp/json-write.js';
import { ReplyLines } from '../../src/server/reply-lines.js';

describe('ReplyLines', () => {
  it('writes the lines gathered as the UTF-8 bytes of their text (the writer\'s lines are ASCII)', () => {
    const lines = [toJsonLine({ desc: 'é ü \u2603 \ud83d\ude00 \u0000 "q"' }), toJsonLine({ return: { a: [1, 0.1, -0] } }), '{"return": {}}\r\n'];
    const out = new ReplyLines();
    out.add(lines.slice(0, 1));
    out.add(lines.slice(1));
    expect(out.length).toBe(Buffer.byteLength(lines.join('')));
    expect(out.take()!.equals(Buffer.from(lines.join(''), 'utf8'))).toBe(true);
    expect([out.length, out.take()]).toEqual([0, undefined]);
  });
});
