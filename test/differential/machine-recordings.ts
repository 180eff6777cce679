import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { MachineListing } from '../../src/oracle/machines.js';
import type { QueryRequest as QmpRequest } from '../../src/index.js';

/**
 * Recorded answers of QEMU under every machine type, one gzipped JSON-lines
 * file per QEMU version. The header holds `query-machines` (name, alias,
 * deprecated) and the machines asked (`runs`); each further line is one
 * request with its distinct replies and, per run, the index of its reply.
 */
export interface MachineRecording {
  qemu: string;
  machines: MachineListing[];
  runs: string[];
  requests: QmpRequest[];
  /** replies[run][request] */
  replies: unknown[][];
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'qemu');

export const machineRecordingPath = (version: string) => join(root, `machines-${version}.jsonl.gz`);

export function readMachineRecording(version: string): MachineRecording | null {
  const path = machineRecordingPath(version);
  if (!existsSync(path)) return null;
  const [head, ...lines] = gunzipSync(readFileSync(path)).toString('utf8').trimEnd().split('\n');
  const header = JSON.parse(head!) as Omit<MachineRecording, 'requests' | 'replies'>;
  const rows = lines.map((l) => JSON.parse(l) as { request: QmpRequest; replies: unknown[]; by: number[] });
  return { ...header, requests: rows.map((r) => r.request), replies: header.runs.map((_, run) => rows.map((r) => r.replies[r.by[run]!])) };
}

/** One line per request; identical replies across machines are stored once. Written atomically. */
export function writeMachineRecording(version: string, rec: MachineRecording): void {
  const lines = [JSON.stringify({ qemu: rec.qemu, machines: rec.machines, runs: rec.runs })];
  rec.requests.forEach((request, i) => {
    const distinct: string[] = [];
    const by = rec.runs.map((_, run) => {
      const text = JSON.stringify(rec.replies[run]![i]);
      const at = distinct.indexOf(text);
      return at >= 0 ? at : distinct.push(text) - 1;
    });
    lines.push(`{"request":${JSON.stringify(request)},"replies":[${distinct.join(',')}],"by":${JSON.stringify(by)}}`);
  });
  const path = machineRecordingPath(version);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, gzipSync(lines.join('\n') + '\n', { level: 9 }));
  renameSync(tmp, path);
}
