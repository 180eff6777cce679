/**
 * 2. QMP throughput: one client (LineClient) against `cpumodel serve` on a
 * unix socket, `cpumodel qmp` on stdio and QEMU 10.0 on stdio, all fresh
 * processes, for each architecture's model-space file, pipelined two ways:
 * 500 requests in flight, and the whole file written at once, then read.
 * Also lock-step (one at a time) on s390x, and 6b: the peak RSS of `serve`
 * while 200 clients × 20 requests run.
 * Run alone: npx tsx bench/throughput.ts   (uses dist/: npx tsc -p tsconfig.json first)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinEngine } from '../src/index.js';
import { findQemu } from '../src/oracle/binaries.js';
import { writeExact } from '../src/oracle/exact-json.js';
import { QEMU_ARGS } from '../src/oracle/qemu-process.js';
import { modelSpace } from '../src/target/s390x/oracle.js';
import { modelSpaceRequests } from '../src/target/x86_64/oracle-requests.js';
import { LineClient } from './lib/line-client.js';
import { now, ratio, textTable, type Row } from './lib/stats.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'cpumodel.js');
const PROFILE = 'qemu-10.0';
const WINDOW = 500;
const TARGET_RATE = 100_000;
const TARGET_RATIO = 30;

interface Target { name: string; open(): Promise<LineClient>; stop(): Promise<void>; pid?: number; rounds: number }
interface Workload { arch: 's390x' | 'x86_64'; what: string; requests: string[] }

/** s390x: the all-pairs model space; x86_64 (no pairs in QEMU): its model space, ten times over. */
function workloads(): Workload[] {
  const s390x = modelSpace(builtinEngine(PROFILE).modelNames()).slice(1).map((r) => JSON.stringify(r));
  const x86 = modelSpaceRequests({ models: builtinEngine(PROFILE, { arch: 'x86_64' }).modelNames(), features: [], aliases: [], properties: [] }).map(writeExact);
  const x86Times10 = Array.from({ length: 10 }, () => x86).flat();
  return [
    { arch: 's390x', what: `s390x all pairs, ${s390x.length} requests`, requests: s390x },
    { arch: 'x86_64', what: `x86_64 model space ×10, ${x86Times10.length} requests`, requests: x86Times10 },
  ];
}

/** `cpumodel serve` on a unix socket in a temporary folder. */
async function startServe(arch: string): Promise<Target & { pid: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-bench-'));
  const path = join(dir, 'qmp.sock');
  const child = spawn(process.execPath, [CLI, 'serve', '--qmp', `unix:${path}`, '--profile', PROFILE, '--arch', arch], { stdio: ['ignore', 'ignore', 'pipe'] });
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
  return { name: 'cpumodel serve (unix socket)', open: () => LineClient.connect(path), stop, pid: child.pid!, rounds: 3 };
}

function stdioTarget(name: string, command: string, args: readonly string[], rounds: number): Target {
  return { name, open: async () => LineClient.spawn(command, args), stop: async () => undefined, rounds };
}

/** Requests per second of one client over `requests`, best of the target's rounds. */
async function rate(target: Target, requests: readonly string[], window: number): Promise<number> {
  const client = await (await target.open()).start();
  try {
    await client.batch(requests.slice(0, 300), Math.min(window, 300));
    let bestMs = Infinity;
    for (let r = 0; r < target.rounds; r++) {
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

interface Result { name: string; perSecond: number }

function throughputRows(mode: string, results: Result[], lockStep: boolean): Row[] {
  const qemu = results.find((r) => r.name.startsWith('QEMU'));
  return results.filter((r) => r !== qemu).map((r) => {
    const times = qemu ? r.perSecond / qemu.perSecond : NaN;
    return {
      section: '2', what: `QMP throughput, ${mode}: ${r.name}`, cpumodel: `${Math.round(r.perSecond)} req/s`,
      reference: qemu ? `${qemu.name}: ${Math.round(qemu.perSecond)} req/s` : 'QEMU not installed',
      ratio: qemu ? ratio(times) : '-',
      target: lockStep ? '' : `≥ ${TARGET_RATE / 1000}k req/s, ≥ ${TARGET_RATIO}×`,
      met: lockStep ? undefined : r.perSecond >= TARGET_RATE && (!qemu || times >= TARGET_RATIO),
    };
  });
}

/** One architecture's rows: every target in every pipelining style, QEMU in the same run. */
async function workloadRows(w: Workload): Promise<Row[]> {
  const serve = await startServe(w.arch);
  const qemu = findQemu('10.0', w.arch);
  const targets: Target[] = [serve, stdioTarget('cpumodel qmp (stdio)', process.execPath, [CLI, 'qmp', '--profile', PROFILE, '--arch', w.arch], 3)];
  if (qemu) targets.push(stdioTarget(`QEMU ${qemu.version} (stdio)`, qemu.path, QEMU_ARGS, 1));
  const modes: [string, readonly string[], number][] = [
    [`${w.what}, ${WINDOW} in flight`, w.requests, WINDOW],
    [`${w.what}, all written at once`, w.requests, w.requests.length],
  ];
  if (w.arch === 's390x') modes.push(['s390x, lock-step, 2000 requests', w.requests.slice(0, 2000), 1]);
  const rows: Row[] = [];
  try {
    for (const [mode, list, window] of modes) {
      const results: Result[] = [];
      for (const t of targets) results.push({ name: t.name, perSecond: await rate(t, list, window) });
      rows.push(...throughputRows(mode, results, window === 1));
    }
  } finally {
    await serve.stop();
  }
  return rows;
}

export async function throughputAndRssRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const all = workloads();
  for (const w of all) rows.push(...(await workloadRows(w)));
  const fresh = await startServe('s390x');
  try {
    rows.push(await peakRss(fresh, all[0]!.requests));
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
  const peakMb = kb('VmHWM') / 1024;
  return {
    section: '6', what: `peak RSS of serve, 200 clients × 20 requests at once (${elapsed.toFixed(0)} ms)`,
    cpumodel: `${peakMb.toFixed(0)} MB VmHWM`, reference: `${(before / 1024).toFixed(0)} MB after start`, ratio: '', target: '< 100 MB', met: peakMb < 100,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(textTable(await throughputAndRssRows()));
