import { readFileSync } from 'node:fs';
import { createQmpSession } from '../server/qmp-server.js';
import { ListenError, MAX_UNIX_PATH, parseAddress } from '../server/listen.js';
import { DEFAULT_LIMITS, QmpServer, type ServeLimits } from '../server/serve.js';
import { positionals, type Ctx } from './context.js';
import { CliError, usageError } from './errors.js';
import { openEngine } from './session.js';

const MiB = 1024 * 1024;

export const help = `usage: cpumodel serve --qmp unix:PATH|tcp:HOST:PORT [--qmp ADDRESS]… [--allow-remote]
                      [--max-request BYTES] [--max-output BYTES] [--max-clients N]
                      [--max-buffered BYTES] [--idle-timeout SECONDS] [--request-timeout SECONDS]

Serve QMP on sockets: every connection is its own session (greeting,
negotiation, commands) answering exactly as \`cpumodel qmp\` does. --qmp is
repeatable; each address is printed on stderr once it listens ("listening on
tcp:127.0.0.1:PORT" shows the port chosen for port 0).

  unix:PATH      a unix socket, created with mode 0600; a stale socket at PATH
                 is replaced, a live one (or any other file) is refused; PATH
                 is at most ${MAX_UNIX_PATH} bytes (the system's limit)
  tcp:HOST:PORT  loopback only (127.0.0.0/8, ::1, localhost) unless
                 --allow-remote: QMP has no authentication

Limits, per connection: --max-request bytes between two replies (default
${DEFAULT_LIMITS.maxRequestBytes / 1024} KiB; more gets a GenericError and a disconnect); --max-output bytes
of unread replies (default ${DEFAULT_LIMITS.maxOutputBytes / MiB} MiB) before the server stops reading from the
client; a client that has not taken them ${DEFAULT_LIMITS.stallMs / 1000} s later is dropped.
--request-timeout: a request begun and not complete after that many seconds
gets a GenericError and a disconnect (default ${DEFAULT_LIMITS.requestMs / 1000}); --idle-timeout: a
connection without any complete request for that many seconds, and none in
progress, is closed (default ${DEFAULT_LIMITS.idleMs / 1000}); 0 turns either off.

Limits of the server: --max-clients connections are served at once (default
${DEFAULT_LIMITS.maxClients}); a client beyond that waits, as at a QEMU monitor that has its client:
connected, no greeting until a served client leaves; as many again may wait,
more are closed at once. --max-buffered bytes of input held across all
connections (default ${DEFAULT_LIMITS.maxBuffered / MiB} MiB): past it, the connections holding the most
get a GenericError and are disconnected. \`quit\` closes its own connection only.

SIGTERM or SIGINT drains: stop accepting, answer the requests already read as
the clients take the replies, close, remove the socket files, exit 0; within
${DEFAULT_LIMITS.drainMs / 1000} s, after which the clients left are disconnected.`;

function count(ctx: Ctx, name: string, fallback: number): number {
  const text = ctx.options[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text) || n < 1) throw usageError(`\`--${name}\` needs a positive integer, not \`${String(text)}\``);
  return n;
}

/** A timeout in seconds (decimals allowed; 0: never), as milliseconds. */
function seconds(ctx: Ctx, name: string, fallbackMs: number): number {
  const text = ctx.options[name];
  if (text === undefined) return fallbackMs;
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text)) throw usageError(`\`--${name}\` needs a number of seconds (0 for none), not \`${String(text)}\``);
  return Number(text) * 1000;
}

function limits(ctx: Ctx): Partial<ServeLimits> {
  return {
    maxRequestBytes: count(ctx, 'max-request', DEFAULT_LIMITS.maxRequestBytes),
    maxOutputBytes: count(ctx, 'max-output', DEFAULT_LIMITS.maxOutputBytes),
    maxClients: count(ctx, 'max-clients', DEFAULT_LIMITS.maxClients),
    maxBuffered: count(ctx, 'max-buffered', DEFAULT_LIMITS.maxBuffered),
    idleMs: seconds(ctx, 'idle-timeout', DEFAULT_LIMITS.idleMs),
    requestMs: seconds(ctx, 'request-timeout', DEFAULT_LIMITS.requestMs),
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

/** Listens on every address, or on none: a failure closes those already open and removes their socket files. */
async function listenAll(ctx: Ctx, server: QmpServer, list: ReturnType<typeof addresses>): Promise<void> {
  try {
    for (const address of list) ctx.io.err(`cpumodel serve: listening on ${await server.listen(address)}\n`);
  } catch (e) {
    await server.close();
    if (e instanceof ListenError) throw new CliError(e.message, e.usage ? 2 : 1);
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
  const serverLimits = limits(ctx);
  const engine = await openEngine(ctx);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const name = `cpumodel ${pkg.version} (${engine.profile.name} rules)`;
  const server = new QmpServer(() => createQmpSession(engine, name, { xRelations: ctx.options['x-relations'] === true }), serverLimits);
  await listenAll(ctx, server, list);
  const signal = await signalled();
  ctx.io.err(`cpumodel serve: ${signal}: draining ${server.clients} connection(s)\n`);
  await server.close();
  return 0;
}
