import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { QemuProcess } from '../../src/oracle/qemu-process.js';
import { expansionSpace, pairSpace, requestKey } from '../../src/diff/space.js';
import type { QueryRequest } from '../../src/diff/types.js';
import { readRecording } from '../differential/recordings.js';

/** One QEMU's answers to the model space of some models, from the live binary or its recording. */
export interface QemuAnswers {
  source: string;
  /** The models query-cpu-definitions lists. */
  models: string[];
  answer(request: QueryRequest): unknown;
}

type Definitions = { return: { name: string }[] };

async function live(path: string, version: string): Promise<QemuAnswers & { ask(rs: readonly QueryRequest[]): Promise<void> }> {
  const qemu = await QemuProcess.start(path);
  const [defs] = (await qemu.batch([{ execute: 'query-cpu-definitions' }])) as Definitions[];
  const answers = new Map<string, unknown>();
  return {
    source: `live QEMU ${version} (${path})`,
    models: defs!.return.map((d) => d.name),
    answer: (r) => answers.get(requestKey(r)),
    async ask(requests) {
      try {
        const replies = await qemu.batch(requests);
        requests.forEach((r, i) => answers.set(requestKey(r), replies[i]));
      } finally {
        await qemu.close();
      }
    },
  };
}

function recorded(version: QemuVersion): QemuAnswers & { ask(): Promise<void> } {
  const rec = readRecording(version);
  if (!rec) throw new Error(`QEMU ${version} is not installed and there is no recording`);
  const answers = new Map(rec.pairs.filter((p) => p.origin === 'space').map((p) => [requestKey(p.request), p.reply]));
  const defs = answers.get(requestKey({ execute: 'query-cpu-definitions' })) as Definitions;
  return { source: `recording of QEMU ${rec.qemu}`, models: defs.return.map((d) => d.name), answer: (r) => answers.get(requestKey(r)), ask: async () => undefined };
}

/**
 * Both QEMUs' answers over the model space of the models both list: live
 * binaries when installed (required under CI), the recordings otherwise.
 */
export async function bothQemus(): Promise<{ old: QemuAnswers; new: QemuAnswers; common: string[]; requests: QueryRequest[] }> {
  const open = async (v: QemuVersion) => {
    const binary = findQemu(v, 's390x');
    if (!binary && requireLive()) throw new Error(`QEMU ${v} is required (CI) but was not found; run scripts/setup-qemu.sh`);
    return binary ? live(binary.path, binary.version) : recorded(v);
  };
  const [a, b] = await Promise.all([open('7.2'), open('10.0')]);
  const common = b.models.filter((m) => a.models.includes(m));
  const requests = spaceOf(common);
  await Promise.all([a.ask(requests), b.ask(requests)]);
  return { old: a, new: b, common, requests };
}

/** The s390x answer space: definitions, expansions, every ordered pair's comparison and baseline. */
function spaceOf(names: readonly string[]) {
  return [...expansionSpace(names), ...pairSpace(names)];
}
