import { readFileSync } from 'node:fs';
import { createQmpSession } from '../server/qmp-server.js';
import { ListenError, parseAddress } from '../server/listen.js';
import { DEFAULT_LIMITS, QmpServer, type ServeLimits } from '../server/serve.js';
import { positionals, type Ctx } from './context.js';
import { CliError, usageError } from './errors.js';
import { openEngine } from './session.js';

const MiB = 1024 * 1024;

export const help = `usage: cpumodel serve --qmp unix:PATH|tcp:HOST:PORT [--qmp ADDRESS]… [--allow-remote]
                      [--max-request BYTES] [--max-output BYTES] [--max-clients N]

Serve QMP on sockets: every connection is its own session (greeting,
negotiation, commands) answering exactly as \`cpumodel qmp\` does. --qmp is
repeatable; each address is printed on stderr once it listens ("listening on
tcp:127.0.0.1:PORT" shows the port chosen for port 0).

  unix:PATH      a unix socket, created with mode 0600; a stale socket at PATH
                 is replaced, a live one (or any other file) is refused
  tcp:HOST:PORT  loopback only (127.0.0.0/8, ::1, localhost) unless
                 --allow-remote: QMP has no authentication

Limits, per connection: --max-request bytes between two replies (default
${DEFAULT_LIMITS.maxRequestBytes / 1024} KiB, about 10 MB of parser memory at worst; more gets a GenericError
and a disconnect); --max-output bytes of unread replies (default ${DEFAULT_LIMITS.maxOutputBytes / MiB} MiB)
before the server stops reading from the client; a client that has not taken
them ${DEFAULT_LIMITS.stallMs / 1000} s later is dropped; --max-clients connections at once
(default ${DEFAULT_LIMITS.maxClients}). \`quit\` closes its own connection only.

SIGTERM or SIGINT drains: stop accepting, answer the requests already read,
flush (at most ${DEFAULT_LIMITS.drainMs / 1000} s), close, remove the socket files, exit 0.`;

function count(ctx: Ctx, name: string, fallback: number): number {
  const text = ctx.options[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text) || n < 1) throw usageError(`\`--${name}\` needs a positive integer, not \`${String(text)}\``);
  return n;
}

function limits(ctx: Ctx): Partial<ServeLimits> {
  return {
    maxRequestBytes: count(ctx, 'max-request', DEFAULT_LIMITS.maxRequestBytes),
    maxOutputBytes: count(ctx, 'max-output', DEFAULT_LIMITS.maxOutputBytes),
    maxClients: count(ctx, 'max-clients', DEFAULT_LIMITS.maxClients),
  };
}

function addresses(ctx: Ctx) {
  const given = ctx.options.qmp;
  const list = Array.isArray(given) ? given : typeof given === 'string' ? [given] : [];
  if (list.length === 0) throw usageError('missing `--qmp ADDRESS`', 'e.g. --qmp unix:/run/cpumodel.sock or --qmp tcp:127.0.0.1:4444');
  try {
    return list.map((a) => parseAddress(a, ctx.options['allow-remote'] === true));
  } catch (e) {
    throw e instanceof ListenError ? usageError(e.message) : e;
  }
}

async function listenAll(ctx: Ctx, server: QmpServer, list: ReturnType<typeof addresses>): Promise<void> {
  try {
    for (const address of list) ctx.io.err(`cpumodel serve: listening on ${await server.listen(address)}\n`);
  } catch (e) {
    await server.close();
    if (e instanceof ListenError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** Resolves at the first SIGTERM or SIGINT. */
function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      process.off('SIGTERM', on).off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on).on('SIGINT', on);
  });
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const list = addresses(ctx);
  const engine = await openEngine(ctx);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const name = `cpumodel ${pkg.version} (${engine.profile.name} rules)`;
  const server = new QmpServer(() => createQmpSession(engine, name), limits(ctx));
  await listenAll(ctx, server, list);
  const signal = await signalled();
  ctx.io.err(`cpumodel serve: ${signal}: draining ${server.clients} connection(s)\n`);
  await server.close();
  return 0;
}
