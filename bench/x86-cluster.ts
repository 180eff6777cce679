/**
 * 4b. An x86 cluster baseline of 100,000 hosts: host models drawn from the
 * real Intel hosts this project describes (models/x86_64/environments/):
 * 40 host types (a real host model missing up to 3 random features, as
 * firmware and kernel settings differ), each of the 100,000 hosts one of them,
 * then cpumodel's baseline of
 * all of them (clusterSides: one intersection over bitsets, the named model
 * chosen once). QEMU has no x86 baseline, so there is no side-by-side ratio:
 * the row states the goal.
 * Run alone: npx tsx bench/x86-cluster.ts
 */
import { builtinRules } from '../src/index.js';
import type { X86Engine } from '../src/target/x86_64/engine/engine.js';
import { clusterSides, sideOf, type Side } from '../src/target/x86_64/engine/relations.js';
import { Random } from '../src/util/random.js';
import { ms, now, textTable, type Row } from './lib/stats.js';

const SEED = 20261202;
const HOSTS = ['core-i5-650', 'xeon-nested-kvm'];

async function hostSides(): Promise<{ engine: X86Engine; sides: Side[] }> {
  const sides: Side[] = [];
  let engine: X86Engine | undefined;
  for (const env of HOSTS) {
    const r = await builtinRules('x86_64').withEnvironment(env, 'qemu-10.0');
    if (!('engine' in r)) throw new Error(r.diagnostics[0]!.message);
    engine ??= r.engine as unknown as X86Engine;
    const side = sideOf(r.engine as unknown as X86Engine, { name: 'host' });
    if (!side.ok) throw new Error(side.error.code);
    sides.push(side.value);
  }
  return { engine: engine!, sides };
}

export async function x86ClusterRows(count = 100_000): Promise<Row[]> {
  const { engine, sides } = await hostSides();
  const rng = new Random(SEED);
  const types = Array.from({ length: 40 }, (): Side => {
    const base = rng.pick(sides);
    const drop = new Set(Array.from({ length: rng.int(4) }, () => rng.pick(base.features)));
    return { vendor: base.vendor, features: base.features.filter((f) => !drop.has(f)) };
  });
  const hosts = Array.from({ length: count }, () => rng.pick(types));
  const t = now();
  const r = clusterSides(engine, hosts);
  const elapsed = now() - t;
  if (!r.ok) throw new Error(r.error.code);
  const props = Object.keys(r.value.model.props ?? {}).length;
  return [{
    section: '4', what: `x86 cluster baseline of ${count.toLocaleString('en')} host models → ${r.value.model.name} + ${props} props (${r.value.common.length} common features)`,
    cpumodel: ms(elapsed), reference: 'QEMU: none on x86', ratio: '', target: '< 1 s', met: elapsed < 1000,
  }];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(textTable(await x86ClusterRows()));
