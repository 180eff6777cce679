import { describe, expect, it } from 'vitest';
import { lineAnswerer as archAnswerer } from '../../src/oracle/answer.js';
import { parseExact } from '../../src/oracle/exact-json.js';
import { NOT_AN_OBJECT, type ArchEngine, type ModelRequest } from '../../src/target/types.js';
import { fail, ok } from '../../src/target/result.js';

/** The QMP session the differential suites put in front of an architecture's engine, over a stub engine. */
function stub(seen: ModelRequest[]): ArchEngine {
  const engine: Partial<ArchEngine> = {
    profile: { name: 'p', qemu: '10.0.2', package: 'pkg' },
    dialect: 'qapi-path',
    expand: (req) => {
      seen.push(req);
      if (req.name === 'nosuch') return fail({ code: 'unknown-model', name: req.name });
      return ok({ model: { name: 'base', props: { b: true, lbr: 18446744073709551552n } } });
    },
    definitions: () => [{ name: 'm', typename: 'm-t', 'unavailable-features': [], static: false, 'migration-safe': true, deprecated: false, 'alias-of': undefined }],
    errorText: (e) => `CPU model '${(e as { name: string }).name}' not found`,
    errorClass: () => 'GenericError',
  };
  return engine as ArchEngine;
}

describe('archAnswerer', () => {
  const seen: ModelRequest[] = [];
  const answer = archAnswerer(stub(seen));
  const ask = (line: string) => parseExact(answer(line));

  it('comparison and baseline are CommandNotFound without relations', () => {
    expect(ask('{"execute":"query-cpu-model-comparison","arguments":{"modela":{"name":"a"},"modelb":{"name":"b"}}}'))
      .toEqual({ error: { class: 'CommandNotFound', desc: 'The command query-cpu-model-comparison has not been found' } });
  });

  it('passes props as entries (integers as bigint, any key) or as not-an-object, and writes the reply exactly', () => {
    const reply = ask('{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"x","props":{"__proto__":1,"aes":true}}}}');
    expect(seen.at(-1)).toEqual({ name: 'x', props: [['__proto__', 1n], ['aes', true]] });
    expect(reply).toEqual({ return: { model: { name: 'base', props: { b: true, lbr: 18446744073709551552n } } } });
    ask('{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"x","props":[1]}}}');
    expect(seen.at(-1)).toEqual({ name: 'x', props: NOT_AN_OBJECT });
    ask('{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"x"}}}');
    expect(seen.at(-1)).toEqual({ name: 'x' });
  });

  it('errors come from the engine; QAPI errors from the session', () => {
    expect(ask('{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"nosuch"}}}'))
      .toEqual({ error: { class: 'GenericError', desc: "CPU model 'nosuch' not found" } });
    expect(ask('{"execute":"query-cpu-model-expansion","arguments":{"model":{"name":"x"}}}'))
      .toEqual({ error: { class: 'GenericError', desc: "Parameter 'type' is missing" } });
  });

  it('definitions without undefined members', () => {
    const defs = (ask('{"execute":"query-cpu-definitions"}') as { return: object[] }).return;
    expect(Object.keys(defs[0]!)).not.toContain('alias-of');
    expect(defs[0]).toMatchObject({ name: 'm', typename: 'm-t' });
  });
});
