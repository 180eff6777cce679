import { findQemu, requireLive, type QemuBinary, type QemuVersion } from '../../src/oracle/binaries.js';
import { writeExact } from '../../src/oracle/exact-json.js';
import { askMachineLines, listMachines } from '../../src/oracle/machines.js';
import { QemuProcess } from '../../src/oracle/qemu-process.js';
import { modelSpaceRequests } from '../../src/target/x86_64/oracle-requests.js';
import {
  readArchMachineRecording, writeArchMachineRecording, type ArchMachineRecording,
} from './arch-machine-recordings.js';
import { ARCH } from './x86_64-suite.js';

/**
 * x86_64 under every machine type: QEMU started paused with `-machine NAME`
 * for every machine `query-machines` lists and every alias (pc, q35), asked
 * query-cpu-definitions and the static and full expansion of every name.
 */
export async function machineRequests(path: string): Promise<string[]> {
  const qemu = await QemuProcess.start(path);
  try {
    const [defs] = (await qemu.batch([{ execute: 'query-cpu-definitions' }])) as { return: { name: string }[] }[];
    const models = defs!.return.map((d) => d.name);
    return modelSpaceRequests({ models, features: [], aliases: [], properties: [] })
      .filter((r) => r.execute !== 'query-cpu-model-comparison' && r.execute !== 'query-cpu-model-baseline')
      .map(writeExact);
  } finally {
    await qemu.close();
  }
}

/** Ask a live binary every request under every machine it lists. */
export async function liveMachines(binary: QemuBinary, requests?: readonly string[]): Promise<ArchMachineRecording> {
  const machines = await listMachines(binary.path);
  const runs = [...machines.map((m) => m.name), ...machines.flatMap((m) => (m.alias ? [m.alias] : []))];
  const asked = requests ? [...requests] : await machineRequests(binary.path);
  return { qemu: binary.version, machines, runs, requests: asked, replies: await askMachineLines(binary, runs, asked) };
}

export async function recordMachines(version: QemuVersion, binary: QemuBinary): Promise<ArchMachineRecording> {
  const rec = await liveMachines(binary);
  writeArchMachineRecording(ARCH, version, rec);
  return rec;
}

export interface MachineOracle extends ArchMachineRecording {
  source: string;
  recorded?: ArchMachineRecording;
}

/** Live QEMU under every machine it offers, or the recording (a missing QEMU fails under CI). */
export async function machineOracle(version: QemuVersion): Promise<MachineOracle> {
  const recording = readArchMachineRecording(ARCH, version);
  const binary = findQemu(version, ARCH);
  if (!binary) {
    if (requireLive()) throw new Error(`QEMU ${version} (${ARCH}) is required (CI) but was not found; run scripts/setup-qemu.sh`);
    if (!recording) throw new Error(`QEMU ${version} (${ARCH}) is not installed and there is no machine recording`);
    return { ...recording, source: `recording of QEMU ${recording.qemu} (no live binary found)` };
  }
  const same = recording?.qemu === binary.version ? recording : undefined;
  const live = await liveMachines(binary, same?.requests);
  return { ...live, source: `live QEMU ${binary.version} (${binary.path})`, recorded: same };
}
