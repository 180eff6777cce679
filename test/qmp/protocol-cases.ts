/**
 * Protocol-level inputs sent byte for byte to a fresh QEMU (and to
 * QmpSession) from the moment the greeting has been read.
 *
 * Rules for adding cases: no input may reach CPU-model logic (QAPI must
 * reject it first), no in-band request may precede an `exec-oob` one in the
 * same case (QEMU answers OOB requests as soon as they are read, so the
 * order would be a race), and inputs stay small (QEMU takes its QMP input in
 * tiny reads: 64 MiB takes minutes).
 */
export interface ProtocolCase {
  name: string;
  input: string;
  /** 'latin1': each char of `input` is one byte; default UTF-8. */
  encoding?: 'latin1';
}

const CAPS = '{"execute":"qmp_capabilities"}\n';
const OOB = '{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}\n';
const lines = (...requests: unknown[]): string => requests.map((r) => `${JSON.stringify(r)}\n`).join('');
const run = (execute: string, args: unknown): string => lines({ execute, arguments: args });
const EXP = 'query-cpu-model-expansion';
const CMP = 'query-cpu-model-comparison';
const BASE = 'query-cpu-model-baseline';

const negotiation: ProtocolCase[] = [
  { name: 'greeting only', input: '' },
  { name: 'negotiate', input: CAPS },
  { name: 'command before negotiation', input: lines({ execute: 'query-version' }, { execute: 'nosuch' }) },
  { name: 'quit before negotiation', input: lines({ execute: 'quit', id: 1 }) },
  { name: 'negotiate twice', input: lines({ execute: 'qmp_capabilities', id: 'a' }, { execute: 'qmp_capabilities', id: 'b' }) },
  { name: 'enable oob then query', input: OOB + lines({ execute: 'query-version', id: 1 }) },
  { name: 'enable unknown capability', input: run('qmp_capabilities', { enable: ['foo'] }) + CAPS },
  { name: 'enable not a list', input: run('qmp_capabilities', { enable: 'oob' }) },
  { name: 'enable element type', input: run('qmp_capabilities', { enable: [1] }) },
  { name: 'enable null', input: run('qmp_capabilities', { enable: null }) },
  { name: 'enable empty then twice', input: run('qmp_capabilities', { enable: [] }) + run('qmp_capabilities', { enable: ['oob', 'oob'] }) },
  { name: 'negotiation extra argument', input: run('qmp_capabilities', { foo: 1 }) + run('qmp_capabilities', { enable: ['oob'], x: 1 }) },
  { name: 'structure errors before negotiation', input: lines({ execute: 1 }, { 'exec-oob': 'qmp_capabilities' }, {}) },
];

const lexical: ProtocolCase[] = [
  { name: 'invalid keyword', input: CAPS + 'garbage\n' },
  { name: 'recovery at structural chars', input: CAPS + 'garbage]{"execute":"query-version"}\n' },
  { name: 'recovery at comma colon tab', input: CAPS + 'garbage, 1\ngarbage:1\ngarbage\tz 1\n' },
  { name: 'keywords and numbers run together', input: CAPS + 'true1\n0x10\n0e5\nnull\n' },
  { name: 'stray characters', input: CAPS + '@\n%d\nTrue\n+1\n.5\n' },
  { name: 'bad numbers', input: CAPS + '01\n-a\n1.x\n1.\n-\n1e\n1e+\n- 1\n-01\n' },
  { name: 'unterminated string then request', input: CAPS + '"abc\n{"execute":"query-version","id":1}\n' },
  { name: 'tab inside string', input: CAPS + '{"execute":"a\tb"}\n' },
  { name: 'unterminated string swallows', input: CAPS + '"unterminated {"execute":"query-version"}\n' },
  { name: 'control and 0xff bytes', input: CAPS + 'x\x80\x01y\n\xff\n\xff{"execute":"query-version"}\n', encoding: 'latin1' },
  { name: '0xfe 0xff inside strings', input: CAPS + '{"execute":"\xfe"}\n{"execute":"\xff"}\n{"execute":"\x01"}\n', encoding: 'latin1' },
];

const strings: ProtocolCase[] = [
  { name: 'braces inside strings', input: CAPS + `{"execute":"a{b}[c]'d"}\n` },
  { name: 'invalid escape', input: CAPS + '{"execute":"x\\y"}\n' },
  { name: 'bad unicode escapes', input: CAPS + '{"execute":"\\u12"}\n{"execute":"\\u12xy"}\n{"execute":"\\ud800"}\n{"execute":"\\udc00"}\n' },
  { name: 'bad surrogates and noncharacters', input: CAPS + '{"execute":"\\ud800\\u0041"}\n{"execute":"\\ud800\\ud800"}\n{"execute":"\\uffff"}\n{"execute":"\\ufdd0"}\n{"execute":"\\udbff\\udfff"}\n' },
  { name: 'escapes echoed', input: CAPS + '{"execute":"\\/\\b\\f\\n\\r\\t\\\'\\u0000\\u00e9\\ud83d\\ude00\\u007f"}\n' },
  { name: 'single quoted strings', input: CAPS + `{'execute':'\\"\\''}\n{"execute":"query-version","id":'single "quoted"'}\n'it''s'\n` },
  { name: 'raw utf-8', input: CAPS + '{"execute":"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"}\n{"execute":"\xc0\x80"}\n', encoding: 'latin1' },
  { name: 'invalid utf-8', input: CAPS + '{"execute":"\x80"}\n{"execute":"\xc3\x28"}\n{"execute":"\xef\xbf\xbf"}\n{"execute":"\xc0\xaf"}\n{"execute":"\xf5\x80\x80\x80"}\n{"execute":"\xed\xa0\x80"}\n{"a\x80":1}\n', encoding: 'latin1' },
  { name: 'bad unicode escapes before multi-byte utf-8', input: CAPS + '{"execute":"\\u\xc3\xa9"}\n{"execute":"\\u1\xc3\xa9xx"}\n{"execute":"\\u12\xc3\xa9"}\n{"execute":"\\u123\xc3\xa9"}\n{"execute":"\\u\xe2\x82\xac"}\n{"execute":"\\u\xf0\x9f\x98\x80"}\n{"execute":"\\ud800\\u\xc3\xa9"}\n{"execute":"\\u\x80"}\n{"execute":"\\u\xc0\x80"}\n{"execute":"\\u\xed\xa0\x80x"}\n\'\\u\xc3\xa9\'\n', encoding: 'latin1' },
  { name: 'bad unicode escapes before multi-byte utf-8 in keys', input: CAPS + '{"\\u\xc3\xa9":1}\n{"execute":"query-version","\\u\xe2\x82\xac":1}\n{\'\\u1\xf0\x9f\x98\x80\':1}\n{"id":{"\\uz\xc3\xa9":1}}\n', encoding: 'latin1' },
  { name: 'echo escaping', input: CAPS + lines({ execute: 'query-version', id: 'a/b\\c"d\u007f\u0080\u07ff\u0800\ufffd\u2028' }) },
];

const syntax: ProtocolCase[] = [
  { name: 'newlines inside object', input: CAPS + '{"execute":\n"query-version"\n,\n"id":\n2}\n' },
  { name: 'requests back to back', input: CAPS + '{"execute":"query-version"}{"execute":"query-version","id":2}' },
  { name: 'blank lines and whitespace', input: CAPS + '\n\n  \t\r\n{"execute":"query-version"}   \n' },
  { name: 'unbalanced closers', input: CAPS + '[}]\n[1}\n}\n]\n{"execute":"query-version"}}\n' },
  { name: 'object syntax errors', input: CAPS + '{"execute" "x"}\n{1:2}\n{"a": }\n{"a":1,}\n{"a":1 "b":2}\n{,}\n{]\n{"a"]\n{"a":]\n{"a":1]\n{"a":1,]\n' },
  { name: 'array syntax errors', input: CAPS + '[1,]\n[1 2]\n[1}\n' },
  { name: 'duplicate keys', input: CAPS + '{"a":1,"a":2}\n{"execute":"x","id":1,"id":2}\n{"execute":"x","arguments":{"a":1},"arguments":{}}\n' },
  { name: 'non-object values', input: CAPS + `123\n"str"\n'sq'\n[]\nnull\n["a",{"b":[1,2,{"c":{}}]}]\n` },
  { name: 'nesting 1024 ok', input: CAPS + '['.repeat(1024) + ']'.repeat(1024) + '\n' },
  { name: 'nesting 1025 arrays', input: CAPS + '['.repeat(1025) + '\n{"execute":"query-version","id":"after"}\n' },
  { name: 'nesting 1025 objects', input: CAPS + '{"a":'.repeat(1025) + '1' + '}'.repeat(3) + '\n' },
  { name: 'nesting mixed', input: CAPS + '['.repeat(513) + '{"a":'.repeat(512) + '\n{"execute":"query-version","id":"after"}\n' },
];

const structure: ProtocolCase[] = [
  { name: 'lacks execute', input: CAPS + lines({}, { id: 1 }) },
  { name: 'execute not a string', input: CAPS + lines({ execute: 1, id: 1 }, { execute: null }) },
  { name: 'unexpected members', input: CAPS + lines({ execute: 'query-version', foo: 1 }, { foo: 1, execute: 'query-version' }, { execute: 'x', id: 1, id2: 2 }, { execute: 'query-version', control: {} }) },
  { name: 'member check order', input: CAPS + lines({ arguments: 1, execute: 1, zzz: 1, id: 1 }, { zzz: 1, arguments: [], id: 2 }) },
  { name: 'arguments not an object', input: CAPS + lines({ execute: 'query-version', arguments: [] }, { execute: 'query-version', arguments: 'x', id: 'i' }) },
  { name: 'exec-oob while oob off', input: CAPS + lines({ 'exec-oob': 'query-version' }, { execute: 'query-version', 'exec-oob': 'x' }) },
  { name: 'exec-oob with oob on', input: OOB + lines({ 'exec-oob': 'query-version', id: 1 }, { 'exec-oob': 'nosuch', id: 2 }, { 'exec-oob': 'qmp_capabilities' }, { 'exec-oob': 1 }) },
  { name: 'exec-oob clashes', input: OOB + lines({ 'exec-oob': 'query-version', execute: 'query-version' }, { execute: 'query-version', 'exec-oob': 'query-version', id: 3 }) },
  { name: 'unknown commands', input: CAPS + lines({ execute: 'nosuch', id: 1.5 }, { execute: 'nosuch/\u00e9\u0001\t\u007f\ud83d\ude00x' }, { execute: '' }) },
  { name: 'quit', input: CAPS + lines({ execute: 'quit', id: 'q' }, { execute: 'query-version' }) },
  { name: 'quit with empty arguments', input: CAPS + run('quit', {}) },
  { name: 'quit with bad argument', input: CAPS + run('quit', { now: true }) + lines({ execute: 'query-version', id: 'alive' }) },
];

const ids = ['9223372036854775807', '9223372036854775808', '18446744073709551615', '18446744073709551616',
  '-9223372036854775808', '-9223372036854775809', '1.5', '1e400', '-1e400', '-0.0', '-0', '0.1', '1e20', '1E-7',
  '123456789012345678901234567890', '1.00000762939453125', '5e-324', '2.5e-5', '0.0001', '1e16', '1e17',
  '12345678901234567.0', '"s"', '{"b":1,"a":2,"c":[1,{"z":null}]}', '[true,false,null]', 'null', '{}', '[]'];

const echo: ProtocolCase[] = [
  { name: 'id numbers and values', input: CAPS + ids.map((id) => `{"execute":"query-version","id":${id}}\n`).join('') },
  { name: 'id on errors', input: CAPS + ids.slice(0, 8).map((id) => `{"execute":"nosuch","id":${id}}\n`).join('') },
  { name: 'id object key order', input: CAPS + lines({ execute: 'query-version', id: { zeta: 1, alpha: 2, mid: { y: 1, x: 2 }, '': 0, __proto__x: 1 } }) },
];

const model = { name: 'z13' };
const qapi: ProtocolCase[] = [
  { name: 'no-argument commands with arguments', input: CAPS + run('query-version', { a: 1 }) + run('query-commands', { x: null }) + run('query-cpu-definitions', { x: 1 }) },
  { name: 'several unexpected arguments', input: CAPS + run('query-version', { a: 1, b: 2 }) + run('query-version', { zeta: 1, alpha: 2, mid: 3, x: 4, yy: 5 }) + run('query-version', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i + 1}`, 1]))) },
  { name: 'expansion missing members', input: CAPS + run(EXP, {}) + run(EXP, { type: 'static' }) + run(EXP, { model }) + run(EXP, { model: 1 }) },
  { name: 'expansion type errors', input: CAPS + run(EXP, { type: 'foo', model }) + run(EXP, { type: 1, model }) + run(EXP, { type: null, model }) + run(EXP, { type: 'foo', model: 1 }) + run(EXP, { type: ['static'], model }) },
  { name: 'expansion model errors', input: CAPS + run(EXP, { type: 'static', model: 1 }) + run(EXP, { type: 'full', model: [] }) + run(EXP, { type: 'static', model: null }) + run(EXP, { type: 'static', model: {} }) },
  { name: 'expansion name errors', input: CAPS + run(EXP, { type: 'static', model: { name: 1 } }) + run(EXP, { type: 'static', model: { name: null } }) + run(EXP, { type: 'static', model: { foo: 1 } }) + run(EXP, { type: 'static', model: { name: true, props: [1] } }) },
  { name: 'expansion unexpected members', input: CAPS + run(EXP, { type: 'static', model: { name: 'z13', foo: 1 } }) + run(EXP, { type: 'static', model, foo: 1 }) + run(EXP, { type: 'static', model, p: 1, q: 2, r: 3 }) },
  { name: 'expansion unexpected ordering', input: CAPS + run(EXP, { a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6, type: 'static', model: { name: 'z13', m1: 1, m2: 2 } }) + run(EXP, { a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6, a7: 7, a8: 8, type: 'static', model }) },
  ...[CMP, BASE].map((cmd) => ({
    name: `${cmd} argument errors`,
    input: CAPS + run(cmd, {}) + run(cmd, { modela: model }) + run(cmd, { modelb: model }) + run(cmd, { modela: 1, modelb: model })
      + run(cmd, { modela: model, modelb: [] }) + run(cmd, { modela: { name: 1 }, modelb: { name: 2 } }) + run(cmd, { modela: model, modelb: {} })
      + run(cmd, { modela: { name: 'z13', x: 1 }, modelb: model }) + run(cmd, { modela: model, modelb: { name: 'z13', y: [] } })
      + run(cmd, { modela: model, modelb: model, x: 1 }) + run(cmd, { modela: { name: 'z13', props: 'x', q: 1 }, modelb: model }),
  })),
];

export const PROTOCOL_CASES: readonly ProtocolCase[] = [...negotiation, ...lexical, ...strings, ...syntax, ...structure, ...echo, ...qapi];
