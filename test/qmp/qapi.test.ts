import { describe, expect, it } from 'vitest';
import { COMMAND_ARGS, validateArgs, type QapiStruct } from '../../src/qmp/qapi.js';
import { JsonStreamParser, type JsonObject } from '../../src/qmp/json-parse.js';
import { GStrSet, gStrHash } from '../../src/qmp/ghash.js';
import { encodeModUtf8 } from '../../src/util/mutf8.js';

const args = (json: string): JsonObject => {
  const [event] = new JsonStreamParser().feed(json);
  return (event as { value: JsonObject }).value;
};
const check = (command: string, json: string): string | null => validateArgs(COMMAND_ARGS[command]!, args(json));
const EXP = 'query-cpu-model-expansion';

describe('validateArgs with the cpumodel command schemas', () => {
  it.each([
    [EXP, '{"type":"static","model":{"name":"z13","props":{"vx":"any value passes"}}}', null],
    [EXP, '{"type":"full","model":{"name":"z13","props":null}}', null],
    [EXP, '{}', "Parameter 'type' is missing"],
    [EXP, '{"model":1}', "Parameter 'type' is missing"],
    [EXP, '{"type":"foo","model":1}', "Parameter 'type' does not accept value 'foo'"],
    [EXP, '{"type":1,"model":{"name":"z13"}}', "Invalid parameter type for 'type', expected: string"],
    [EXP, '{"type":"static","model":[]}', "Invalid parameter type for 'model', expected: object"],
    [EXP, '{"type":"static","model":{}}', "Parameter 'model.name' is missing"],
    [EXP, '{"type":"static","model":{"name":null}}', "Invalid parameter type for 'model.name', expected: string"],
    [EXP, '{"type":"static","model":{"name":"z13","foo":1},"bar":2}', "Parameter 'model.foo' is unexpected"],
    ['query-cpu-model-baseline', '{"modela":{"name":"z13"},"modelb":{"name":"z13","y":[]}}', "Parameter 'modelb.y' is unexpected"],
    ['query-cpu-model-comparison', '{"modela":{"name":"z13"}}', "Parameter 'modelb' is missing"],
    ['qmp_capabilities', '{"enable":["oob","oob"]}', null],
    ['qmp_capabilities', '{"enable":["foo"]}', "Parameter 'null' does not accept value 'foo'"],
    ['qmp_capabilities', '{"enable":[1]}', "Invalid parameter type for 'enable[0]', expected: string"],
    ['qmp_capabilities', '{"enable":"oob"}', "Invalid parameter type for 'enable', expected: array"],
    ['query-version', '{"a":1}', "Parameter 'a' is unexpected"],
  ])('%s %s', (command, json, error) => {
    expect(check(command, json)).toBe(error);
  });
});

describe('scalar member types', () => {
  const schema: QapiStruct = { '*b': 'bool', '*i': 'int' };
  it.each([
    ['{"b":true,"i":-9223372036854775808}', null],
    ['{"b":1}', "Invalid parameter type for 'b', expected: boolean"],
    ['{"i":9223372036854775808}', "Invalid parameter type for 'i', expected: integer"],
    ['{"i":1.0}', "Invalid parameter type for 'i', expected: integer"],
  ])('%s', (json, error) => {
    expect(validateArgs(schema, args(json))).toBe(error);
  });
});

describe('which unexpected member is named (GLib hash table order, seen live)', () => {
  it.each([
    ['query-version', '{"a":1,"b":2}', 'b'],
    ['query-version', '{"b":1,"a":2}', 'b'],
    ['query-version', '{"zeta":1,"alpha":2,"mid":3,"x":4,"yy":5}', 'yy'],
    ['query-version', '{"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k10":1}', 'k10'],
    [EXP, '{"type":"static","model":{"name":"z13"},"p":1,"q":2,"r":3}', 'p'],
    [EXP, '{"a1":1,"a2":2,"a3":3,"a4":4,"a5":5,"a6":6,"type":"static","model":{"name":"z13","m1":1,"m2":2}}', 'model.m2'],
    [EXP, '{"a1":1,"a2":2,"a3":3,"a4":4,"a5":5,"a6":6,"a7":7,"a8":8,"type":"static","model":{"name":"z13"}}', 'a4'],
    ['query-version', '{"\u00e9":1,"\u00e8":2}', '\u00e9'],
  ])('%s %s', (command, json, name) => {
    expect(check(command, json)).toBe(`Parameter '${name}' is unexpected`);
  });

  it('hashes bytes as signed chars and keeps U+0000 as C0 80', () => {
    expect(gStrHash(encodeModUtf8('\u0000'))).toBe(gStrHash(Uint8Array.of(0xc0, 0x80)));
    expect(gStrHash(Uint8Array.of(0xc3, 0xa9))).toBe(5857809);
  });

  it('survives growth, removal and shrinking', () => {
    const set = new GStrSet(encodeModUtf8);
    const keys = Array.from({ length: 40 }, (_, i) => `key${i}`);
    keys.forEach((k) => set.insert(k));
    keys.slice(0, 39).forEach((k) => set.remove(k));
    expect(set.first()).toBe('key39');
    set.remove('key39');
    expect(set.first()).toBeUndefined();
  });
});
