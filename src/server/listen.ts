/**
 * Listening addresses of `cpumodel serve`: `unix:PATH` and `tcp:HOST:PORT`.
 *
 * - TCP binds loopback only (127.0.0.0/8, ::1, localhost) unless remote
 *   addresses are allowed explicitly: QMP has no authentication.
 * - A unix socket is created with mode 0600: the umask is 0177 while it is
 *   bound (bind happens inside listen(), synchronously), so no wider mode
 *   ever exists; the mode is verified afterwards.
 * - An existing path is refused if it is a live socket or not a socket at
 *   all; a stale socket (nobody accepts on it) is removed.
 * - A unix socket path must fit in sun_path with its terminating zero
 *   (107 bytes on Linux, 103 elsewhere): a longer one would be cut short
 *   silently by the system, binding another path.
 */
import { lstatSync, statSync, unlinkSync } from 'node:fs';
import { connect, isIP, type Server } from 'node:net';

export type Address = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/** A problem with an address or with binding it; `usage` marks a malformed argument. */
export class ListenError extends Error {
  constructor(message: string, readonly usage = false) {
    super(message);
  }
}

/** The longest unix socket path, in bytes: sun_path less its terminating zero. */
export const MAX_UNIX_PATH = process.platform === 'linux' ? 107 : 103;

function checkUnixPath(path: string): void {
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_UNIX_PATH) {
    throw new ListenError(`unix socket path \`${path}\` is ${bytes} bytes long; the limit is ${MAX_UNIX_PATH} bytes (sun_path)`, true);
  }
}

export function parseAddress(text: string, allowRemote = false): Address {
  if (text.startsWith('unix:') && text.length > 5) {
    checkUnixPath(text.slice(5));
    return { kind: 'unix', path: text.slice(5) };
  }
  const m = /^tcp:(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
  if (!m) throw new ListenError(`bad address \`${text}\`: expected unix:PATH or tcp:HOST:PORT`, true);
  const host = m[1] ?? m[2]!;
  const port = Number(m[3]);
  if (host === '' || port > 65535) throw new ListenError(`bad address \`${text}\`: expected a host and a port from 0 to 65535`, true);
  if (!allowRemote && !isLoopback(host)) {
    throw new ListenError(`refusing to listen on non-loopback \`${host}\`: QMP has no authentication (pass --allow-remote to do it anyway)`, true);
  }
  return { kind: 'tcp', host, port };
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return /^::ffff:127\./i.test(host);
}

export function formatAddress(server: Server, address: Address): string {
  if (address.kind === 'unix') return `unix:${address.path}`;
  const bound = server.address();
  if (bound === null || typeof bound === 'string') return `tcp:${address.host}:${address.port}`;
  return bound.family === 'IPv6' ? `tcp:[${bound.address}]:${bound.port}` : `tcp:${bound.address}:${bound.port}`;
}

/** Does anybody accept connections on this unix socket? */
function isLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    const done = (live: boolean) => { probe.destroy(); resolve(live); };
    probe.once('connect', () => done(true)).on('error', () => done(false));
    probe.setTimeout(2000, () => done(true));
  });
}

/** Makes `path` free for a new socket: refuses a live socket or a non-socket, removes a stale one. */
export async function clearUnixPath(path: string): Promise<void> {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (!stat.isSocket()) throw new ListenError(`${path} exists and is not a socket`);
  if (await isLive(path)) throw new ListenError(`${path} is a live socket: another server is listening on it`);
  unlinkSync(path);
}

function listening(server: Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(new ListenError(`cannot listen: ${e.message}`));
    server.once('error', onError);
    server.once('listening', () => { server.off('error', onError); resolve(); });
    start();
  });
}

/** Binds `server` to the address; a unix socket gets mode 0600 without a window of a wider one. */
export async function bind(server: Server, address: Address): Promise<void> {
  if (address.kind === 'tcp') return listening(server, () => server.listen(address.port, address.host));
  checkUnixPath(address.path);
  await clearUnixPath(address.path);
  await listening(server, () => {
    const previous = process.umask(0o177);
    try {
      server.listen(address.path);
    } finally {
      process.umask(previous);
    }
  });
  const mode = statSync(address.path).mode & 0o777;
  if (mode !== 0o600) {
    server.close();
    throw new ListenError(`${address.path} was created with mode ${mode.toString(8)}, not 600`);
  }
}
