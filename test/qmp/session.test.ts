import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { QmpSession, type QmpSessionOptions } from '../../src/qmp/session.js';
import { serveQmp } from '../../src/server/stdio.js';
import { COMMAND_ARGS } from '../../src/qmp/qapi.js';
import type { JsonObject } from '../../src/qmp/json-parse.js';

const version = { qemu: { major: 7, minor: 2, micro: 22 }, package: 'test' };

function session(extra: Partial<QmpSessionOptions> = {}): QmpSession {
  return new QmpSession({
    greeting: { version, capabilities: ['oob'] },
    dialect: '7.2',
    commands: [
      { name: 'query-version', handler: () => ({ return: version }) },
      {
        name: 'query-cpu-model-expansion',
        args: COMMAND_ARGS['query-cpu-model-expansion'],
        handler: (args: JsonObject) => ({ return: { type: args.get('type') } }),
      },
      { name: 'fails', handler: () => ({ error: { class: 'GenericError', desc: 'it failed' } }) },
    ],
    ...extra,
  });
}

const CAPS = '{"execute":"qmp_capabilities"}\n';

describe('QmpSession', () => {
  it('greets with version and capabilities, in QDict order, ending in CRLF', () => {
    expect(session().greeting()).toBe(
      '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "test"}, "capabilities": ["oob"]}}\r\n',
    );
  });

  it('requires negotiation first', () => {
    const s = session();
    expect(s.onInput('{"execute":"query-version","id":1}\n')).toEqual([
      '{"id": 1, "error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with \'qmp_capabilities\'"}}\r\n',
    ]);
    expect(s.onInput(CAPS + CAPS)).toEqual([
      '{"return": {}}\r\n',
      '{"error": {"class": "CommandNotFound", "desc": "Capabilities negotiation is already complete, command ignored"}}\r\n',
    ]);
  });

  it('refuses capabilities the greeting does not offer', () => {
    const s = session({ greeting: { version, capabilities: [] } });
    expect(s.onInput('{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}')).toEqual([
      '{"error": {"class": "GenericError", "desc": "Capability oob not available"}}\r\n',
    ]);
  });

  it('passes validated arguments to handlers and echoes ids', () => {
    const s = session();
    s.onInput(CAPS);
    expect(s.onInput('{"execute":"query-cpu-model-expansion","arguments":{"type":"full","model":{"name":"z13"}},"id":[1.5]}')).toEqual([
      '{"return": {"type": "full"}, "id": [1.5]}\r\n',
    ]);
    expect(s.onInput('{"execute":"query-cpu-model-expansion","arguments":{"type":"full"}}{"execute":"fails","id":"f"}')).toEqual([
      '{"error": {"class": "GenericError", "desc": "Parameter \'model\' is missing"}}\r\n',
      '{"id": "f", "error": {"class": "GenericError", "desc": "it failed"}}\r\n',
    ]);
  });

  it('answers parse errors without id and goes on', () => {
    const s = session();
    s.onInput(CAPS);
    expect(s.onInput('{"execute": tru}\n{"execute":"nosuch"}')).toEqual([
      '{"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword \'tru\'"}}\r\n',
      '{"error": {"class": "CommandNotFound", "desc": "The command nosuch has not been found"}}\r\n',
    ]);
  });

  it('quits with a SHUTDOWN event carrying the wall-clock time, then ignores input', () => {
    const s = session();
    s.onInput(CAPS);
    const before = Date.now() / 1000;
    const [event, reply, ...rest] = s.onInput('{"execute":"quit","id":9}{"execute":"query-version"}');
    const parsed = JSON.parse(event!) as { timestamp: { seconds: number; microseconds: number } };
    expect(parsed.timestamp.seconds).toBeGreaterThanOrEqual(Math.floor(before));
    expect(parsed.timestamp.seconds).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    expect(event).toMatch(/^\{"timestamp": \{"seconds": \d+, "microseconds": \d+\}, "event": "SHUTDOWN", "data": \{"guest": false, "reason": "host-qmp-quit"\}\}\r\n$/);
    expect(reply).toBe('{"return": {}, "id": 9}\r\n');
    expect(rest).toEqual([]);
    expect(s.closed).toBe(true);
    expect(s.onInput('{"execute":"query-version"}')).toEqual([]);
  });
});

describe('serveQmp', () => {
  it('writes the greeting and replies, and finishes on quit', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString()));
    const done = serveQmp(session({ clock: () => ({ seconds: 1, microseconds: 2 }) }), input, output);
    input.write(CAPS);
    input.write('{"execute":"quit"}\n{"execute":"query-version"}\n');
    await done;
    const lines = chunks.join('').split('\r\n');
    expect(lines.slice(1)).toEqual([
      '{"return": {}}',
      '{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}}',
      '{"return": {}}',
      '',
    ]);
  });

  it('finishes at end of input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const done = serveQmp(session(), input, output);
    input.end(CAPS);
    await expect(done).resolves.toBeUndefined();
  });
});
