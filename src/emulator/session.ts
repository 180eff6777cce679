/**
 * The QMP session of `cpumodel emulator`: the greeting and every command
 * but the CPU-model ones as the real QEMU of the profile answers them (its
 * recorded replies, or a relay to a live QEMU), the CPU-model commands from
 * the rules, and `query-kvm` from the accelerator chosen (KVM only with a
 * host environment).
 */
import type { ArchEngine } from '../index.js';
import { COMMAND_ARGS } from '../qmp/qapi.js';
import { QmpSession } from '../qmp/session.js';
import { genericError, type QmpCommand, type QmpReply } from '../qmp/types.js';
import { cpuModelHandlers } from '../server/commands.js';
import { recordedReply, type ProbeRecording } from './recording.js';
import { requestKey } from './request-key.js';

/** Where the answers that do not come from the rules come from. */
export interface Answers {
  recording: ProbeRecording;
  /** A live QEMU's reply line (without id) to a request, when relaying (`--qemu PATH`). */
  relay?: (requestLine: string) => string;
  /** The QEMU version the recording is of, for the text of a request that was not recorded. */
  qemu: string;
  /** Told of every request answered here, and how (`--log FILE`). */
  log?: (key: string, how: 'recorded' | 'relayed' | 'not recorded' | 'not a command') => void;
}

export interface EmulatorSessionOptions {
  engine: ArchEngine;
  answers: Answers;
  /** The accelerator in use: `kvm` makes query-kvm say enabled. */
  accel: string;
  /** Whether KVM exists here (a host environment was given). */
  kvmPresent: boolean;
  /**
   * The order QEMU lists its CPU definitions in (its recorded reply): the
   * order of its QOM type hash table, which the rules do not model (they give
   * the definitions in release order; the agreement with QEMU counts order
   * separately). libvirt prints the models in QEMU's order.
   */
  definitionsOrder?: readonly string[];
}

/** The extension command is left out: the emulator answers as QEMU, whose schema has none. */
const EXTENSIONS = new Set(['x-cpumodel-explain']);

/** Whether the recorded QEMU has KVM support built in (`present`), whatever the recording machine could use. */
function recordedKvmPresent(recording: ProbeRecording): boolean {
  return /"present": true/.test(recording.replies.get(requestKey('query-kvm', undefined)) ?? '');
}

/** The recorded order of the definitions' names (each entry of the reply begins with its name). */
export function recordedDefinitionsOrder(recording: ProbeRecording): string[] {
  const reply = recording.replies.get(requestKey('query-cpu-definitions', undefined)) ?? '';
  return [...reply.matchAll(/\{"name": "([^"]+)", "typename"/g)].map((m) => m[1]!);
}

/** The definitions in QEMU's order; names QEMU does not list (models added to the rules) follow in the rules' order. */
function ordered(definitions: readonly { name: string }[], order: readonly string[]): unknown[] {
  const at = new Map(order.map((name, i) => [name, i]));
  const rank = (d: { name: string }) => at.get(d.name) ?? order.length;
  return definitions.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map((x) => x.d);
}

function commands(o: EmulatorSessionOptions): QmpCommand[] {
  const handlers = cpuModelHandlers(o.engine);
  const order = o.definitionsOrder;
  if (order) handlers['query-cpu-definitions'] = () => ({ return: ordered(o.engine.definitions(), order) });
  const table = Object.entries(handlers)
    .filter(([name]) => !EXTENSIONS.has(name))
    .map(([name, handler]): QmpCommand => ({ name, handler, args: COMMAND_ARGS[name] }));
  // Always answered here: the recording holds what KVM was on the recording machine, not what is emulated.
  const present = o.kvmPresent || recordedKvmPresent(o.answers.recording);
  table.push({ name: 'query-kvm', args: {}, handler: () => ({ return: { enabled: o.kvmPresent && o.accel === 'kvm', present } }) });
  return table;
}

/** QEMU's answer to anything else: recorded, relayed, CommandNotFound for what QEMU lacks. */
function fallback(answers: Answers) {
  return (name: string, args: ReadonlyMap<string, unknown>): QmpReply => {
    const key = requestKey(name, args);
    const log = answers.log ?? (() => undefined);
    if (answers.relay) {
      log(key, 'relayed');
      return recordedReply(answers.relay(key));
    }
    const line = answers.recording.replies.get(key);
    if (line !== undefined) {
      log(key, 'recorded');
      return recordedReply(line);
    }
    if (!answers.recording.commands.has(name)) {
      log(key, 'not a command');
      return { error: { class: 'CommandNotFound', desc: `The command ${name} has not been found` } };
    }
    log(key, 'not recorded');
    return genericError(`cpumodel emulator: QEMU ${answers.qemu}'s reply to this \`${name}\` request was not recorded; give --qemu PATH to relay requests to a real QEMU`);
  };
}

export function emulatorSession(o: EmulatorSessionOptions): QmpSession {
  const { recording } = o.answers;
  return new QmpSession({
    greeting: { version: recording.version, capabilities: recording.capabilities },
    commands: commands(o),
    dialect: o.engine.dialect === 'qapi-path' ? '10.0' : '7.2',
    fallback: fallback(o.answers),
  });
}
