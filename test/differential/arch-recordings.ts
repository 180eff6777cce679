import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { parseExact } from '../../src/oracle/exact-json.js';
import type { GeneratorInputs } from '../../src/oracle/live-inputs.js';

/**
 * Recorded QEMU answers of one architecture and version, as JSON lines
 * compressed with brotli (its 16 MiB window sees that thousands of
 * expansions differ in a few keys: 5× smaller than gzip). A header (QEMU
 * version, seed, the generator inputs asked of the binary), then one line
 * per request: the request's JSON line and QEMU's reply line exactly as it
 * wrote it (big integers and key order intact), as strings, or `"same": i`
 * when the reply is the same text as request i's.
 */
export type Origin = 'space' | 'qom' | 'random';

export interface ArchCase {
  origin: Origin;
  /** The request as its JSON line. */
  request: string;
  /** QEMU's reply line. */
  reply: string;
}

export interface ArchRecording {
  qemu: string;
  seed: number;
  inputs: Omit<GeneratorInputs, 'ownFeatures'>;
  cases: ArchCase[];
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'qemu');

export const archRecordingPath = (arch: string, version: string) => join(root, `${arch}-${version}.jsonl.br`);

/** Lines to a fixture file's bytes (brotli, largest window) and back. */
export function packLines(lines: readonly string[]): Buffer {
  const text = Buffer.from(lines.join('\n') + '\n', 'utf8');
  return brotliCompressSync(text, { params: {
    [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
  } });
}

export function unpackLines(path: string): string[] {
  return brotliDecompressSync(readFileSync(path)).toString('utf8').trimEnd().split('\n');
}

export function readArchRecording(arch: string, version: string): ArchRecording | null {
  const path = archRecordingPath(arch, version);
  if (!existsSync(path)) return null;
  const [head, ...lines] = unpackLines(path);
  const header = JSON.parse(head!) as Omit<ArchRecording, 'cases'>;
  const cases: ArchCase[] = [];
  for (const line of lines) {
    const row = JSON.parse(line) as { origin: Origin; request: string; reply?: string; same?: number };
    cases.push({ origin: row.origin, request: row.request, reply: row.reply ?? cases[row.same!]!.reply });
  }
  return { ...header, cases };
}

/** One line per case, `{"origin":…,"request":…,"reply":…}`; a repeated reply is stored once. Written atomically. */
export function writeArchRecording(arch: string, version: string, rec: ArchRecording): void {
  const first = new Map<string, number>();
  const lines = [JSON.stringify({ qemu: rec.qemu, seed: rec.seed, inputs: rec.inputs })];
  rec.cases.forEach((c, i) => {
    parseExact(c.request);
    parseExact(c.reply);
    const same = first.get(c.reply);
    if (same === undefined) first.set(c.reply, i);
    lines.push(JSON.stringify({ origin: c.origin, request: c.request, ...(same === undefined ? { reply: c.reply } : { same }) }));
  });
  const path = archRecordingPath(arch, version);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, packLines(lines));
  renameSync(tmp, path);
}
