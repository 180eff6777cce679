import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineListing } from '../../src/oracle/machines.js';
import { packLines, unpackLines } from './arch-recordings.js';

/**
 * Recorded answers of one architecture's QEMU under every machine type, as
 * brotli-compressed JSON lines (see arch-recordings.ts): a header with
 * `query-machines` (name, alias, deprecated) and the machines asked
 * (`runs`), then per request its JSON line, its distinct reply lines (exact,
 * as QEMU wrote them) and, per run, the index of its reply.
 */
export interface ArchMachineRecording {
  qemu: string;
  machines: MachineListing[];
  runs: string[];
  requests: string[];
  /** replies[run][request]: reply lines. */
  replies: string[][];
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'qemu');

export const archMachinePath = (arch: string, version: string) => join(root, `${arch}-machines-${version}.jsonl.br`);

export function readArchMachineRecording(arch: string, version: string): ArchMachineRecording | null {
  const path = archMachinePath(arch, version);
  if (!existsSync(path)) return null;
  const [head, ...lines] = unpackLines(path);
  const header = JSON.parse(head!) as Omit<ArchMachineRecording, 'requests' | 'replies'>;
  const rows = lines.map((l) => JSON.parse(l) as { request: string; replies: string[]; by: number[] });
  return { ...header, requests: rows.map((r) => r.request), replies: header.runs.map((_, run) => rows.map((r) => r.replies[r.by[run]!]!)) };
}

/** One line per request; identical replies across machines are stored once. Written atomically. */
export function writeArchMachineRecording(arch: string, version: string, rec: ArchMachineRecording): void {
  const lines = [JSON.stringify({ qemu: rec.qemu, machines: rec.machines, runs: rec.runs })];
  rec.requests.forEach((request, i) => {
    const distinct: string[] = [];
    const by = rec.runs.map((_, run) => {
      const text = rec.replies[run]![i]!;
      const at = distinct.indexOf(text);
      return at >= 0 ? at : distinct.push(text) - 1;
    });
    lines.push(JSON.stringify({ request, replies: distinct, by }));
  });
  const path = archMachinePath(arch, version);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, packLines(lines));
  renameSync(tmp, path);
}
