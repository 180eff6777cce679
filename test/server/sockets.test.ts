import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLoopback, MAX_UNIX_PATH, parseAddress } from '../../src/server/listen.js';
import { QmpServer } from '../../src/server/serve.js';
import { cli } from '../cli/run.js';
import { CAPS, exchange, newSession, reference } from './harness.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cpumodel-sock-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const server = () => new QmpServer(() => newSession());

/** A unix socket file nobody listens on: its owner was killed before it could remove it. */
function staleSocket(path: string): Promise<void> {
  const code = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  return new Promise((resolve) => spawn(process.execPath, ['-e', code]).once('exit', () => resolve()));
}

describe('unix sockets', () => {
  it('are created with mode 0600 whatever the umask, and removed at close', async () => {
    const path = join(dir, 'qmp.sock');
    const s = server();
    const umask = process.umask(0);
    try {
      await s.listen({ kind: 'unix', path });
    } finally {
      process.umask(umask);
    }
    expect(process.umask()).toBe(umask);
    expect(lstatSync(path).isSocket()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await exchange({ path }, CAPS)).toBe(reference(CAPS).join(''));
    await s.close();
    expect(existsSync(path)).toBe(false);
  });

  it('replace a stale socket', async () => {
    const path = join(dir, 'stale.sock');
    await staleSocket(path);
    expect(lstatSync(path).isSocket()).toBe(true);
    const s = server();
    await s.listen({ kind: 'unix', path });
    expect(await exchange({ path }, CAPS)).toBe(reference(CAPS).join(''));
    await s.close();
  });

  it('refuse a live socket and leave it alone', async () => {
    const path = join(dir, 'live.sock');
    const other = createServer((c) => c.on('error', () => undefined).end('other\n'));
    await new Promise<void>((resolve) => other.listen(path, resolve));
    await expect(server().listen({ kind: 'unix', path })).rejects.toThrow(/is a live socket/);
    expect(await exchange({ path }, '')).toBe('other\n');
    await new Promise((resolve) => other.close(resolve));
  });

  it('refuse a path that is not a socket', async () => {
    const path = join(dir, 'file');
    writeFileSync(path, 'keep me');
    await expect(server().listen({ kind: 'unix', path })).rejects.toThrow(/exists and is not a socket/);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
  });
});

describe('listen failures', () => {
  const long = () => join(dir, 'a'.repeat(120 - dir.length)) + '.sock';

  it('a unix path too long for sun_path is a usage error up front: nothing is bound or left behind', async () => {
    const path = long();
    expect(Buffer.byteLength(path)).toBeGreaterThan(MAX_UNIX_PATH);
    const run = await cli(['serve', '--qmp', `unix:${path}`, '--qmp', 'tcp:127.0.0.1:0']);
    expect([run.code, run.err]).toEqual([2, expect.stringContaining(`is ${Buffer.byteLength(path)} bytes long; the limit is ${MAX_UNIX_PATH} bytes (sun_path)`)]);
    expect(run.err).not.toContain('listening on');
    expect(readdirSync(dir)).toEqual([]);
    await expect(server().listen({ kind: 'unix', path })).rejects.toThrow(/the limit is \d+ bytes/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a path of exactly the limit works', async () => {
    const path = join(dir, 'b'.repeat(MAX_UNIX_PATH - dir.length - 1));
    expect(Buffer.byteLength(path)).toBe(MAX_UNIX_PATH);
    const s = server();
    await s.listen({ kind: 'unix', path });
    expect(await exchange({ path }, CAPS)).toBe(reference(CAPS).join(''));
    await s.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failure to listen closes the addresses already listening and removes their socket files (exit 1)', async () => {
    const run = await cli(['serve', '--qmp', `unix:${join(dir, 'ok.sock')}`, '--qmp', `unix:${join(dir, 'missing', 'x.sock')}`]);
    expect([run.code, run.err]).toEqual([1, expect.stringContaining('cannot listen')]);
    expect(run.err).not.toContain('internal error');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('addresses', () => {
  it('parse unix:PATH and tcp:HOST:PORT, IPv6 in brackets', () => {
    expect(parseAddress('unix:/run/x.sock')).toEqual({ kind: 'unix', path: '/run/x.sock' });
    expect(parseAddress('tcp:127.0.0.1:4444')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 4444 });
    expect(parseAddress('tcp:[::1]:0')).toEqual({ kind: 'tcp', host: '::1', port: 0 });
    expect(parseAddress('tcp:localhost:1')).toEqual({ kind: 'tcp', host: 'localhost', port: 1 });
    for (const bad of ['unix:', 'tcp:1.2.3.4', 'tcp::5', 'tcp:127.0.0.1:70000', 'http://x', 'tcp:127.0.0.1:-1']) {
      expect(() => parseAddress(bad), bad).toThrow(/bad address/);
    }
  });

  it('are loopback unless --allow-remote', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1'].some(isLoopback)).toBe(false);
    expect(() => parseAddress('tcp:0.0.0.0:4444')).toThrow(/refusing to listen on non-loopback `0.0.0.0`.*--allow-remote/);
    expect(parseAddress('tcp:0.0.0.0:4444', true)).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 4444 });
  });

  it('are usage errors on the command line', async () => {
    const remote = await cli('serve --qmp tcp:0.0.0.0:4444');
    expect([remote.code, remote.err]).toEqual([2, expect.stringContaining('refusing to listen on non-loopback')]);
    const none = await cli('serve');
    expect([none.code, none.err]).toEqual([2, expect.stringContaining('missing `--qmp ADDRESS`')]);
    const limit = await cli('serve --qmp unix:/tmp/x --max-output 0');
    expect([limit.code, limit.err]).toEqual([2, expect.stringContaining('`--max-output` needs a positive integer')]);
    const idle = await cli('serve --qmp unix:/tmp/x --idle-timeout soon');
    expect([idle.code, idle.err]).toEqual([2, expect.stringContaining('`--idle-timeout` needs a number of seconds (0 for none), not `soon`')]);
    const budget = await cli('serve --qmp unix:/tmp/x --max-buffered -1');
    expect(budget.code).toBe(2);
  });

  it('a live socket path is a run error (exit 1) on the command line', async () => {
    const path = join(dir, 'live.sock');
    const other = createServer((c) => c.on('error', () => undefined).end());
    await new Promise<void>((resolve) => other.listen(path, resolve));
    const run = await cli(['serve', '--qmp', `unix:${path}`]);
    expect([run.code, run.err]).toEqual([1, expect.stringContaining('is a live socket')]);
    await new Promise((resolve) => other.close(resolve));
  });
});
