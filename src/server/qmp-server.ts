import type { ArchEngine } from '../index.js';
import { COMMAND_ARGS, type QapiStruct, type QapiType } from '../qmp/qapi.js';
import { QmpSession } from '../qmp/session.js';
import type { QmpCommand } from '../qmp/types.js';
import { cpuModelHandlers, type CommandOptions } from './commands.js';

export type { CommandOptions } from './commands.js';

const CPU_MODEL_INFO: QapiType = { struct: { name: 'str', '*props': 'any' } };

/**
 * The extension command, named by QAPI's convention for experimental
 * commands: why a feature is on or off, why two models compare as they do,
 * why a baseline is what it is, why a model cannot run, which dependencies
 * a model breaks.
 */
export const EXPLAIN_ARGS: QapiStruct = {
  question: { enum: ['feature', 'comparison', 'baseline', 'unavailable', 'lint'] },
  '*model': CPU_MODEL_INFO,
  '*feature': 'str',
  '*modela': CPU_MODEL_INFO,
  '*modelb': CPU_MODEL_INFO,
};

/** The version QEMU reports, from the profile's "10.0.2". */
function version(engine: ArchEngine, packageName: string) {
  const [major = 0, minor = 0, micro = 0] = engine.profile.qemu.split('.').map(Number);
  return { qemu: { major, minor, micro }, package: packageName }; // QAPI VersionTriple field order
}

/** Every command this server answers, built-ins included (for query-commands). */
const BUILTINS = ['qmp_capabilities', 'quit'];

/** The arguments of a command; an x- relation takes its QEMU counterpart's. */
const argsOf = (name: string) => (name === 'x-cpumodel-explain' ? EXPLAIN_ARGS : COMMAND_ARGS[name.replace(/^x-(query-cpu-model-)/, '$1')]);

export function qmpCommands(engine: ArchEngine, packageName: string, options: CommandOptions = {}): QmpCommand[] {
  const handlers = cpuModelHandlers(engine, options);
  const table: QmpCommand[] = Object.entries(handlers).map(([name, handler]) => ({ name, handler: (args) => handler(args), args: argsOf(name) }));
  table.push({ name: 'query-version', args: {}, handler: () => ({ return: version(engine, packageName) }) });
  const names = [...BUILTINS, ...table.map((c) => c.name), 'query-commands'];
  table.push({ name: 'query-commands', args: {}, handler: () => ({ return: names.map((name) => ({ name })) }) });
  return table;
}

/** A QMP session that answers like qemu-system-ARCH -machine none -accel tcg -qmp stdio, for one profile. */
export function createQmpSession(engine: ArchEngine, packageName: string, options: CommandOptions = {}): QmpSession {
  const dialect = engine.dialect === 'qapi-path' ? '10.0' : '7.2';
  return new QmpSession({ greeting: { version: version(engine, packageName), capabilities: ['oob'] }, commands: qmpCommands(engine, packageName, options), dialect });
}
