/**
 * `cpumodel emulator --qemu PATH`: the requests that are not CPU-model
 * commands go to a real QEMU of the same version, started once
 * (`-machine none,accel=tcg -qmp stdio`), its replies passed back as it
 * wrote them.
 *
 * The QMP session answers synchronously, so the relay does too: a worker
 * thread talks to QEMU while the main thread waits on a shared flag
 * (Atomics.wait) and then takes the reply off the message port
 * (receiveMessageOnPort). libvirt sends one request at a time, so nothing
 * else waits meanwhile. QEMU is killed when the emulator exits.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { usageError } from './errors.js';

const TIMEOUT_MS = 60_000;

/** The worker (CommonJS, evaluated): starts QEMU, negotiates, then relays one request line at a time. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { path, flag, port } = workerData;
const qemu = spawn(path, ['-S', '-no-user-config', '-nodefaults', '-nographic', '-machine', 'none,accel=tcg', '-qmp', 'stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
let buffer = '', lines = [], waiting = null, greeted = false;
const answer = (text) => { port.postMessage(text); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
qemu.on('error', (e) => answer('!' + e.message));
qemu.on('exit', () => { if (waiting || !greeted) answer('!QEMU exited'); });
qemu.stdout.setEncoding('latin1');
qemu.stdout.on('data', (text) => {
  buffer += text;
  let nl;
  while ((nl = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, nl).replace(/\\r$/, '');
    buffer = buffer.slice(nl + 1);
    if (line.startsWith('{"QMP"')) { qemu.stdin.write('{"execute": "qmp_capabilities"}\\n'); continue; }
    if (!greeted) { greeted = true; answer('pid ' + qemu.pid); continue; }
    if (line.startsWith('{"timestamp"') || line.includes('"event": ')) continue;
    if (waiting) { waiting = null; answer(line); }
  }
});
port.on('message', (line) => { waiting = line; qemu.stdin.write(line + '\\n'); });
`;

/** Starts the relay; the function it resolves to answers one request line with QEMU's reply line. */
export async function startRelay(path: string, version: string): Promise<(line: string) => string> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { eval: true, workerData: { path, flag, port: port2 }, transferList: [port2] });
  worker.unref();
  const take = (): string => {
    Atomics.wait(flag, 0, 0, TIMEOUT_MS);
    Atomics.store(flag, 0, 0);
    const message = receiveMessageOnPort(port1)?.message;
    return typeof message === 'string' ? message : '!no answer';
  };
  await new Promise((r) => setImmediate(r));
  const started = take();
  if (!started.startsWith('pid ')) throw usageError(`cannot relay to \`${path}\`: ${started.slice(1)}`, `--qemu needs a QEMU ${version} binary of the same architecture`);
  const pid = Number(started.slice(4));
  process.once('exit', () => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } });
  return (line) => {
    port1.postMessage(line);
    const reply = take();
    return reply.startsWith('!') ? `{"error": {"class": "GenericError", "desc": ${JSON.stringify(`cpumodel emulator: the relayed QEMU failed: ${reply.slice(1)}`)}}}` : reply;
  };
}
