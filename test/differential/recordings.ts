import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { QueryRequest as QmpRequest } from '../../src/index.js';

/** Recorded QEMU answers: one gzipped JSON-lines file per QEMU version. */
export interface Recording {
  qemu: string;
  seed: number;
  pairs: { origin: 'space' | 'qom' | 'random'; request: QmpRequest; reply: unknown }[];
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'qemu');

export function recordingPath(version: string): string {
  return join(root, `qemu-${version}.jsonl.gz`);
}

export function readRecording(version: string): Recording | null {
  const path = recordingPath(version);
  if (!existsSync(path)) return null;
  const [head, ...lines] = gunzipSync(readFileSync(path)).toString('utf8').trimEnd().split('\n');
  const header = JSON.parse(head!) as { qemu: string; seed: number };
  return { ...header, pairs: lines.map((l) => JSON.parse(l)) };
}

/** Written atomically: a temporary file renamed over the old one. */
export function writeRecording(version: string, rec: Recording): void {
  const path = recordingPath(version);
  const lines = [JSON.stringify({ qemu: rec.qemu, seed: rec.seed }), ...rec.pairs.map((p) => JSON.stringify(p))];
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, gzipSync(lines.join('\n') + '\n', { level: 9 }));
  renameSync(tmp, path);
}
