/**
 * What libvirt 11.3 asks QEMU for `virsh hypervisor-cpu-baseline` on s390x
 * (libvirt-client notes, §2), replayed over cpumodel's QMP answers: n CPUs
 * are folded with query-cpu-model-baseline (n − 1 calls), then the result is
 * expanded, static (or full with `--features`); virsh prints the expansion's
 * model and its `true` props. Each result passes through libvirt's CPU
 * definition on the way, which keeps only the `true` props: a baseline's
 * `csske=off` is lost before the expansion (one of the defects listed in the
 * README).
 * Used to check cpumodel against libvirt outputs recorded with the real QEMU,
 * on machines without libvirt.
 */
import { readFileSync } from 'node:fs';
import type { ArchEngine } from '../../src/index.js';
import { answer } from '../differential/suite.js';

export interface CpuModel {
  name: string;
  props?: Record<string, boolean>;
}

export type Replayed = { model: string; features: string[] } | { error: string };

/** The `<cpu>` elements of one of the test's CPU files, as libvirt maps them for s390x (require on, disable off). */
export function cpusOf(file: string): CpuModel[] {
  return [...readFileSync(file, 'utf8').matchAll(/<cpu>([\s\S]*?)<\/cpu>/g)].map((m) => {
    const name = /<model>([^<]+)<\/model>/.exec(m[1]!)![1]!;
    const props = Object.fromEntries([...m[1]!.matchAll(/<feature policy='(require|disable)' name='([^']+)'\/>/g)].map((f) => [f[2]!, f[1] === 'require']));
    return Object.keys(props).length ? { name, props } : { name };
  });
}

type Reply = { return?: { model: CpuModel } } | { error?: { desc: string } };

function call(engine: ArchEngine, execute: string, args: Record<string, unknown>): CpuModel | string {
  const reply = answer(engine, { execute, arguments: args }) as Reply;
  return 'return' in reply && reply.return ? reply.return.model : (reply as { error: { desc: string } }).error.desc;
}

/** A QMP model as libvirt hands it on: its `false` props dropped. */
function throughLibvirt(model: CpuModel): CpuModel {
  const props = Object.fromEntries(Object.entries(model.props ?? {}).filter(([, on]) => on));
  return Object.keys(props).length ? { name: model.name, props } : { name: model.name };
}

/** libvirt's baseline of `cpus` over cpumodel: the printed model and features (sorted), or QEMU's error. */
export function replayBaseline(engine: ArchEngine, cpus: readonly CpuModel[], features: boolean): Replayed {
  let result: CpuModel | string = cpus[0]!;
  for (const next of cpus.slice(1)) {
    result = call(engine, 'query-cpu-model-baseline', { modela: result, modelb: next });
    if (typeof result === 'string') return { error: result };
    result = throughLibvirt(result);
  }
  const expanded = call(engine, 'query-cpu-model-expansion', { type: features ? 'full' : 'static', model: result });
  if (typeof expanded === 'string') return { error: expanded };
  return { model: expanded.name, features: Object.entries(expanded.props ?? {}).filter(([, on]) => on).map(([k]) => k).sort() };
}

/** What virsh printed for a baseline: the `<model>` and the `<feature name=…>`s (sorted). */
export function printedBaseline(stdout: string): { model: string; features: string[] } | null {
  const model = /<model>([^<]+)<\/model>/.exec(stdout)?.[1];
  if (!model) return null;
  return { model, features: [...stdout.matchAll(/<feature name='([^']+)'\/>/g)].map((m) => m[1]!).sort() };
}
