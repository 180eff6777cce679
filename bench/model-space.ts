/**
 * 1. The whole model space (every static and full expansion, every ordered
 * pair's comparison and baseline) answered in-process, against the live
 * QEMU answering the same requests over QMP (QemuProcess.batch).
 */
import { builtinEngine, type ArchEngine as Engine } from '../src/index.js';
import { findQemu, type QemuVersion } from '../src/oracle/binaries.js';
import { QemuProcess } from '../src/oracle/qemu-process.js';
import { modelSpace } from '../src/target/s390x/oracle.js';
import { qmpRow, sessionMs as qmpSessionMs } from './lib/qmp-session.js';
import { best, ms, now, ratio, type Row } from './lib/stats.js';

function engineRun(e: Engine, names: readonly string[]): void {
  for (const n of names) { e.expand({ name: n }, 'static'); e.expand({ name: n }, 'full'); }
  for (const a of names) for (const b of names) { e.relations!.compare({ name: a }, { name: b }); e.relations!.baseline({ name: a }, { name: b }); }
}

async function qemuRun(version: QemuVersion, requests: readonly unknown[]): Promise<number | null> {
  const binary = findQemu(version, 's390x');
  if (!binary) return null;
  const qemu = await QemuProcess.start(binary.path);
  try {
    await qemu.batch(requests.slice(0, 200));
    const t = now();
    const replies = await qemu.batch(requests);
    if (replies.length !== requests.length) throw new Error('QEMU lost replies');
    return now() - t;
  } finally {
    await qemu.close();
  }
}

export async function modelSpaceRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [profile, version] of [['qemu-7.2', '7.2'], ['qemu-10.0', '10.0']] as const) {
    const e = builtinEngine(profile);
    const names = e.modelNames();
    const requests = modelSpace(names).slice(1); // without query-cpu-definitions
    const engineMs = best(() => engineRun(e, names));
    const sessionMs = qmpSessionMs(e, requests.map((r) => JSON.stringify(r)), 5);
    const qemuMs = await qemuRun(version, requests);
    const reference = qemuMs === null ? 'QEMU not installed' : `QEMU ${version}: ${ms(qemuMs)}`;
    const what = `model space ${profile} (${requests.length} requests)`;
    rows.push({ section: '1', what: `${what}, engine`, cpumodel: ms(engineMs), reference, ratio: qemuMs ? ratio(qemuMs / engineMs) : '-', target: '≥ 200×', met: qemuMs ? qemuMs / engineMs >= 200 : undefined });
    rows.push(qmpRow(what, sessionMs, requests.length, qemuMs, reference));
  }
  return rows;
}
