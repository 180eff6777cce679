import { builtinEngine, type ArchEngine as Engine } from '../../src/index.js';
import { coreOf, machineNames, machineRequests } from '../s390x.js';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { askMachines, listMachines, type MachineListing } from '../../src/oracle/machines.js';
import { PROFILE } from './suite.js';
import { readMachineRecording, type MachineRecording } from './machine-recordings.js';

/** cpumodel's engine for a machine of a version's profile. */
export const machineEngine = (version: QemuVersion, machine?: string): Engine => builtinEngine(PROFILE[version], { machine });

/** The machines cpumodel knows for the profile, as `-machine` names: every versioned one and the alias. */
export function expectedRuns(version: QemuVersion): string[] {
  const rules = coreOf(machineEngine(version)).rules;
  return machineNames(rules).filter((n) => n !== rules.emptyMachine);
}

/** What `query-machines` must say, from cpumodel's data. */
export function expectedListing(version: QemuVersion): MachineListing[] {
  const rules = coreOf(machineEngine(version)).rules;
  return rules.machines.map((m) => ({ name: m.name, ...(m.index === 0 && rules.machineAlias ? { alias: rules.machineAlias } : {}), deprecated: m.deprecated }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The requests: the engine of the oldest machine decides which switched-off features are turned back on. */
export function suiteRequests(version: QemuVersion) {
  const machines = coreOf(machineEngine(version)).rules.machines;
  return machineRequests(machineEngine(version), machineEngine(version, machines.at(-1)?.name));
}

/** Every run's `-machine` name: the listed machines and their aliases. */
export const runsOf = (listing: readonly MachineListing[]) =>
  [...listing.map((m) => m.name), ...listing.flatMap((m) => (m.alias ? [m.alias] : []))];

export interface MachineOracle extends MachineRecording {
  source: string;
  /** Live runs: the recording the live answers were checked against, if any. */
  recorded?: MachineRecording;
}

/** Live QEMU under every machine it offers, or the recording (a missing QEMU fails under CI). */
export async function machineOracle(version: QemuVersion): Promise<MachineOracle> {
  const recording = readMachineRecording(version);
  const binary = findQemu(version, 's390x');
  if (!binary) {
    if (requireLive()) throw new Error(`QEMU ${version} is required (CI) but was not found; run scripts/setup-qemu.sh`);
    if (!recording) throw new Error(`QEMU ${version} is not installed and there is no machine recording`);
    return { ...recording, source: `recording of QEMU ${recording.qemu} (no live binary found)` };
  }
  return { ...(await liveMachines(binary.path, binary.version, suiteRequests(version))), source: `live QEMU ${binary.version} (${binary.path})`, recorded: recording ?? undefined };
}

/** Ask a live binary every request under every machine it lists. */
export async function liveMachines(path: string, qemu: string, requests: MachineRecording['requests']): Promise<MachineRecording> {
  const machines = await listMachines(path);
  const runs = runsOf(machines);
  return { qemu, machines, runs, requests, replies: await askMachines(path, runs, requests) };
}
