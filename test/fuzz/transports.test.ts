import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/util/random.js';
import { inputBytes } from '../qmp/protocol-run.js';
import { exchange, lines, reference, type Target } from '../server/harness.js';
import { fuzzRuns, fuzzSeed } from './mutate.js';
import { qmpFuzzCases } from './qmp-cases.js';

/**
 * QMP fuzzing through the real transports, as processes: `cpumodel qmp` on
 * stdio and `cpumodel serve` on a unix socket and TCP loopback. The inputs
 * are the grammar and byte mutations of qmp-cases.ts, written in random
 * slices. Every answer must be the one an in-process session gives to the
 * same bytes (none lost, none altered by the transport); a process that
 * exits unasked, exits non-zero or prints to stderr is a crash; an answer not
 * complete within its time is a hang. The peak resident memory of each
 * process (VmHWM) is reported. CPUMODEL_FUZZ_RUNS scales, CPUMODEL_SEED replays.
 */
const RUNS = fuzzRuns(300);
const SEED = fuzzSeed(20261203);
const CLI = ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts')];
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'cpumodel-fuzz-transport-'));
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Tally { inputs: number; crashes: number; hangs: number; lost: number; altered: number; peakKiB: number }
const tally = (): Tally => ({ inputs: 0, crashes: 0, hangs: 0, lost: 0, altered: 0, peakKiB: 0 });

function peakKiB(pid: number | undefined): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Compares answers line by line: lines missing at the end are lost, others altered. */
function score(t: Tally, got: string[], want: string[]): void {
  t.lost += Math.max(0, want.length - got.length);
  t.altered += want.slice(0, got.length).filter((line, i) => got[i] !== line).length;
}

function start(args: readonly string[]): { child: ChildProcess; out: Buffer[]; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [...CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const out: Buffer[] = [];
  let err = '';
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, err: () => err, exit };
}

/** Writes `bytes` in random slices, yielding between them. */
async function writeSliced(child: ChildProcess, bytes: Buffer, rng: Random): Promise<void> {
  for (let i = 0; i < bytes.length;) {
    const n = 1 + rng.int(4096);
    if (!child.stdin!.write(bytes.subarray(i, i + n))) await new Promise((r) => child.stdin!.once('drain', r));
    i += n;
    if (rng.chance(0.1)) await new Promise((r) => setImmediate(r));
  }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

const report = (what: string, t: Tally) => console.log(`[fuzz transport ${what}] ${t.inputs} inputs, ${t.crashes} crashes, ${t.hangs} hangs, `
  + `${t.lost} answers lost, ${t.altered} altered, peak RSS ${(t.peakKiB / 1024).toFixed(0)} MiB`);

describe('QMP fuzz inputs through the transports', () => {
  it(`cpumodel qmp (stdio): ${RUNS} inputs in streams (seed ${SEED})`, async () => {
    const cases = qmpFuzzCases(SEED, RUNS);
    const streams = Math.min(20, Math.ceil(RUNS / 100));
    const t = tally();
    const rng = new Random(SEED);
    for (let s = 0; s < streams; s++) {
      const mine = cases.filter((_, i) => i % streams === s);
      const bytes = Buffer.concat(mine.map(inputBytes));
      const want = reference(bytes);
      const run = start(['qmp']);
      await writeSliced(run.child, bytes, rng);
      const complete = await until(() => lines(Buffer.concat(run.out).toString('latin1')).length >= want.length, 120_000);
      t.peakKiB = Math.max(t.peakKiB, peakKiB(run.child.pid));
      run.child.stdin!.end();
      const code = await Promise.race([run.exit, new Promise<'hang'>((r) => setTimeout(() => r('hang'), 30_000))]);
      if (!complete || code === 'hang') t.hangs++;
      if (code !== 0 || run.err() !== '') t.crashes++;
      score(t, lines(Buffer.concat(run.out).toString('latin1')), want);
      t.inputs += mine.length;
    }
    report('stdio', t);
    expect(t).toEqual({ ...tally(), inputs: RUNS, peakKiB: t.peakKiB });
  }, 3_600_000);

  it(`cpumodel serve (unix socket and TCP): ${RUNS} inputs, one connection each (seed ${SEED + 1})`, async () => {
    const cases = qmpFuzzCases(SEED + 1, RUNS);
    const path = join(dir, 'qmp.sock');
    const run = start(['serve', '--qmp', `unix:${path}`, '--qmp', 'tcp:127.0.0.1:0']);
    expect(await until(() => /listening on tcp:127\.0\.0\.1:\d+/.test(run.err()), 60_000)).toBe(true);
    const port = Number(/listening on tcp:127\.0\.0\.1:(\d+)/.exec(run.err())![1]);
    const targets: Target[] = [{ path }, { port, host: '127.0.0.1' }];
    const t = tally();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const i = next++;
        const bytes = inputBytes(cases[i]!);
        const want = reference(bytes);
        let got: string[];
        try {
          got = lines(await exchange(targets[i % 2]!, bytes, 30_000, [1 + (i % 97), 64, 7]));
        } catch {
          t.hangs++;
          got = [];
        }
        score(t, got, want);
        t.inputs++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    t.peakKiB = peakKiB(run.child.pid);
    if (run.child.exitCode !== null) t.crashes++;
    run.child.kill('SIGTERM');
    const code = await run.exit;
    if (code !== 0 || /internal error|Error:/.test(run.err())) t.crashes++;
    report('serve', t);
    expect(t).toEqual({ ...tally(), inputs: RUNS, peakKiB: t.peakKiB });
  }, 3_600_000);
});
