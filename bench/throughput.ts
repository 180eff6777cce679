/**
 * 2. QMP throughput: one client (LineClient: pipelined, 500 in flight, and
 * lock-step, one at a time) against `cpumodel serve` on a unix socket,
 * `cpumodel qmp` on stdio and QEMU 10.0 on stdio, all fresh processes.
 * Also 6b: the peak RSS of `serve` while 200 clients × 20 requests run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinEngine } from '../src/index.js';
import { findQemu } from '../src/oracle/binaries.js';
import { QEMU_ARGS } from '../src/oracle/qemu-process.js';
import { modelSpace } from '../src/target/s390x/oracle.js';
import { LineClient } from './lib/line-client.js';
import { now, ratio, type Row } from './lib/stats.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'cpumodel.js');
const PROFILE = 'qemu-10.0';

interface Target { name: string; open(): Promise<LineClient>; stop(): Promise<void>; pid?: number }

/** `cpumodel serve` on a unix socket in a temporary folder. */
async function startServe(): Promise<Target & { pid: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-bench-'));
  const path = join(dir, 'qmp.sock');
  const child = spawn(process.execPath, [CLI, 'serve', '--qmp', `unix:${path}`, '--profile', PROFILE], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); if (err.includes('listening on')) resolve(); });
    child.once('exit', () => reject(new Error(`serve exited: ${err}`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  };
  return { name: 'cpumodel serve (unix socket)', open: () => LineClient.connect(path), stop, pid: child.pid! };
}

function stdioTarget(name: string, command: string, args: readonly string[]): Target {
  return { name, open: async () => LineClient.spawn(command, args), stop: async () => undefined };
}

/** Requests per second of one client over `requests`, best of `rounds`. */
async function rate(target: Target, requests: readonly string[], window: number, rounds = 2): Promise<number> {
  const client = await (await target.open()).start();
  try {
    await client.batch(requests.slice(0, 300), window);
    let bestMs = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t = now();
      const replies = await client.batch(requests, window);
      bestMs = Math.min(bestMs, now() - t);
      if (replies.length !== requests.length) throw new Error('lost replies');
    }
    return (requests.length / bestMs) * 1000;
  } finally {
    await client.close();
  }
}

function throughputRows(mode: string, results: { name: string; perSecond: number }[]): Row[] {
  const qemu = results.find((r) => r.name.startsWith('QEMU'));
  return results.filter((r) => r !== qemu).map((r) => ({
    section: '2', what: `QMP throughput, ${mode}: ${r.name}`, cpumodel: `${Math.round(r.perSecond)} req/s`,
    reference: qemu ? `${qemu.name}: ${Math.round(qemu.perSecond)} req/s` : 'QEMU not installed',
    ratio: qemu ? ratio(r.perSecond / qemu.perSecond) : '-', target: '≥ 1.5×', met: qemu ? r.perSecond / qemu.perSecond >= 1.5 : undefined,
  }));
}

export async function throughputAndRssRows(): Promise<Row[]> {
  const requests = modelSpace(builtinEngine(PROFILE).modelNames()).slice(1).map((r) => JSON.stringify(r));
  const serve = await startServe();
  const qemu = findQemu('10.0', 's390x');
  const targets: Target[] = [serve, stdioTarget('cpumodel qmp (stdio)', process.execPath, [CLI, 'qmp', '--profile', PROFILE])];
  if (qemu) targets.push(stdioTarget(`QEMU ${qemu.version} (stdio)`, qemu.path, QEMU_ARGS));
  const rows: Row[] = [];
  try {
    for (const [mode, list, window] of [[`pipelined, ${requests.length} requests`, requests, 500], ['lock-step, 2000 requests', requests.slice(0, 2000), 1]] as const) {
      const results = [];
      for (const t of targets) results.push({ name: t.name, perSecond: await rate(t, list, window) });
      rows.push(...throughputRows(mode, results));
    }
  } finally {
    await serve.stop();
  }
  const fresh = await startServe();
  try {
    rows.push(await peakRss(fresh, requests));
  } finally {
    await fresh.stop();
  }
  return rows;
}

/** 200 clients × 20 requests at once, then /proc/PID/status VmHWM of the server. */
async function peakRss(serve: Target & { pid: number }, requests: readonly string[]): Promise<Row> {
  const status = () => readFileSync(`/proc/${serve.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status())?.[1] ?? NaN);
  const before = kb('VmHWM');
  const t = now();
  await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    const client = await (await serve.open()).start();
    await client.batch(Array.from({ length: 20 }, (_, k) => requests[(i * 61 + k * 17) % requests.length]!), 20);
    await client.close();
  }));
  const elapsed = now() - t;
  return {
    section: '6', what: `peak RSS of serve, 200 clients × 20 requests at once (${elapsed.toFixed(0)} ms)`,
    cpumodel: `${(kb('VmHWM') / 1024).toFixed(0)} MB VmHWM`, reference: `${(before / 1024).toFixed(0)} MB after start`, ratio: '', target: '',
  };
}
