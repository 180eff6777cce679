/**
 * 1b. The x86_64 model space (query-cpu-definitions, every name's static and
 * full expansion) answered in-process by the engine and as QMP bytes through
 * a session, against the live qemu-system-x86_64 answering the same requests
 * over QMP (QemuProcess.batchLines), in one run.
 * Run alone: npx tsx bench/x86-model-space.ts
 */
import type { ArchEngine } from '../src/target/types.js';
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { writeExact } from '../src/oracle/exact-json.js';
import { QemuProcess } from '../src/oracle/qemu-process.js';
import { modelSpaceRequests } from '../src/target/x86_64/oracle-requests.js';
import { x86Engine } from '../test/differential/x86_64-engine.js';
import { qmpRow, sessionMs as qmpSessionMs } from './lib/qmp-session.js';
import { best, ms, now, ratio, textTable, type Row } from './lib/stats.js';

const ARCH = 'x86_64';

function engineRun(e: ArchEngine, names: readonly string[]): void {
  e.definitions();
  for (const name of names) { e.expand({ name }, 'static'); e.expand({ name }, 'full'); }
}

async function qemuRun(version: QemuVersion, lines: readonly string[]): Promise<number | null> {
  const binary = findQemu(version, ARCH);
  if (!binary) return null;
  const qemu = await QemuProcess.start(binary.path);
  try {
    await qemu.batchLines(lines.slice(0, 50));
    const t = now();
    const replies = await qemu.batchLines(lines);
    if (replies.length !== lines.length) throw new Error('QEMU lost replies');
    return now() - t;
  } finally {
    await qemu.close();
  }
}

export async function x86ModelSpaceRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const version of ['7.2', '10.0'] as const) {
    const e = x86Engine(version);
    const names = e.modelNames();
    const lines = modelSpaceRequests({ models: names, features: [], aliases: [], properties: [] })
      .filter((r) => !/comparison|baseline/.test(r.execute)).map(writeExact);
    const engineMs = best(() => engineRun(e, names));
    const sessionMs = qmpSessionMs(e, lines, 20);
    const qemuMs = await qemuRun(version, lines);
    const reference = qemuMs === null ? 'QEMU not installed' : `QEMU ${version}: ${ms(qemuMs)}`;
    const what = `x86_64 model space qemu-${version} (${lines.length} requests)`;
    rows.push({ section: '1', what: `${what}, engine`, cpumodel: ms(engineMs), reference, ratio: qemuMs ? ratio(qemuMs / engineMs) : '-', target: '≥ 200×', met: qemuMs ? qemuMs / engineMs >= 200 : undefined });
    rows.push(qmpRow(what, sessionMs, lines.length, qemuMs, reference));
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(textTable(await x86ModelSpaceRows()));
