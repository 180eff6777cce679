import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diag/render.js';
import { isFileProblem, openRules, TARGETS } from '../../src/index.js';
import { Random } from '../../src/util/random.js';
import { fuzzRuns, fuzzSeed, lineMutators, mutate, textMutators, YAML_TOKENS } from './mutate.js';

/**
 * Rule-file fuzzing through the file system: what `check DIR` and
 * `expand --rules DIR` read. Each input is a folder holding one built-in
 * rule file mutated at the byte level (re-encoded as UTF-16, invalid UTF-8,
 * a BOM, NUL bytes, CR or CRLF line ends, a truncated multi-byte sequence,
 * then the YAML mutations of rule-files.test.ts) or a special file under a
 * `.yaml` name (a FIFO, a link to /dev/zero, a folder, a dangling link, a
 * link loop). Whatever it holds, opening it never throws, never waits and
 * never reads without bound: every diagnostic is placed (file:line:col) or
 * is a file problem naming its path, and renders bounded.
 * CPUMODEL_FUZZ_RUNS scales, CPUMODEL_SEED replays.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = fuzzRuns(100);
const SEED = fuzzSeed(20261202);
const RENDER_LIMIT = 100_000;
const yamlMutators = [...textMutators(YAML_TOKENS), ...lineMutators];

const dir = mkdtempSync(join(tmpdir(), 'cpumodel-fuzz-disk-'));
let cache: string | undefined;
beforeAll(() => { cache = process.env.CPUMODEL_CACHE; process.env.CPUMODEL_CACHE = 'off'; });
afterAll(() => {
  if (cache === undefined) delete process.env.CPUMODEL_CACHE;
  else process.env.CPUMODEL_CACHE = cache;
  rmSync(dir, { recursive: true, force: true });
});

type ByteMutator = (bytes: Buffer, rng: Random) => Buffer;

const splice = (bytes: Buffer, rng: Random, insert: number[]): Buffer => {
  const i = rng.int(bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, i), Buffer.from(insert), bytes.subarray(i)]);
};

const BYTE_MUTATORS: ByteMutator[] = [
  (b) => Buffer.from(b.toString('utf8'), 'utf16le'),
  (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]),
  (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  (b, rng) => splice(b, rng, [rng.pick([0x80, 0xc3, 0xfe, 0xff, 0xc0])]),
  (b, rng) => splice(b, rng, [0xe2, 0x82]),
  (b, rng) => splice(b, rng, [0]),
  (b) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r'), 'latin1'),
  (b) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
];

/** A special file at `path`, by kind. */
function special(path: string, kind: number): void {
  if (kind === 0) spawnSync('mkfifo', [path]);
  if (kind === 1) symlinkSync('/dev/zero', path);
  if (kind === 2) mkdirSync(path);
  if (kind === 3) symlinkSync(join(dir, 'nowhere'), path);
  if (kind === 4) symlinkSync(path, path);
}

function builtinFiles(arch: string): { name: string; bytes: Buffer }[] {
  return ['rules', 'models'].flatMap((d) => readdirSync(join(ROOT, d, arch)).filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: f, bytes: readFileSync(join(ROOT, d, arch, f)) })));
}

/** One input: a fresh folder holding one mutated file or special entry. */
function input(n: number, files: { name: string; bytes: Buffer }[], rng: Random): string {
  const folder = join(dir, `in-${n}`);
  mkdirSync(folder);
  const file = rng.pick(files);
  const path = join(folder, file.name);
  if (rng.chance(0.1)) special(path, rng.int(5));
  else {
    let bytes = rng.chance(0.5) ? Buffer.from(mutate(file.bytes.toString('utf8'), rng, yamlMutators), 'utf8') : file.bytes;
    bytes = rng.pick(BYTE_MUTATORS)(bytes, rng);
    writeFileSync(path, bytes);
  }
  return folder;
}

describe.each(TARGETS.map((t) => t.info.name))('%s rule folders under fuzzing (bytes and special files)', (arch) => {
  it(`${RUNS} folders (seed ${SEED}): no throw, no wait, placed or file-problem diagnostics, bounded`, () => {
    const files = builtinFiles(arch);
    const rng = new Random(SEED + 7 * arch.length);
    const failures: string[] = [];
    let problems = 0;
    for (let n = 0; n < RUNS; n++) {
      const folder = input(n, files, rng);
      try {
        const rs = openRules([folder], arch);
        problems += rs.diagnostics.filter(isFileProblem).length;
        const unplaced = rs.diagnostics.filter((d) => !isFileProblem(d) && (!d.span || d.span.line < 1 || d.span.col < 1));
        if (unplaced.length) failures.push(`${n}: unplaced ${unplaced.map((d) => d.code).join(', ')}`);
        const text = renderDiagnostics(rs.diagnostics, new Map(rs.sources.map((s) => [s.name, s.text])));
        if (text.length > RENDER_LIMIT) failures.push(`${n}: rendered ${text.length} characters`);
      } catch (e) {
        failures.push(`${n}: threw ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
      rmSync(folder, { recursive: true, force: true });
    }
    console.log(`[fuzz ${arch} folders] ${RUNS} inputs, ${problems} file problems reported, ${failures.length} failures`);
    expect(failures.slice(0, 5)).toEqual([]);
  }, 600_000);
});
