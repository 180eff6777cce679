/**
 * Records libvirt's x86 answers for test/x86_64/libvirt-agreement.test.ts:
 * 1. the baselines of the real hosts in test/fixtures/libvirt-x86-hosts/
 *    (every pair, and triples of neighbours) and each host alone, with `virsh
 *    -c test:///default cpu-baseline [--features]`: libvirt's own x86
 *    baseline through its test driver, no daemon;
 * 2. with `compare` (needs /dev/kvm and QEMU 7.2): `virsh
 *    hypervisor-cpu-compare --virttype kvm` for guest CPUs on this machine,
 *    through libvirt's embedded driver (test/x86_64/libvirt-compare.ts).
 * Usage: npx tsx scripts/record-libvirt-x86.ts [baselines] [compare]
 */
import { spawnSync } from 'node:child_process';
import { openRules, writeFileAtomic } from '../src/index.js';
import { COMPARE_RECORDING, embeddedLibvirt, guests, hostFingerprint, kvmHere, QEMU_72 } from '../test/x86_64/libvirt-compare.js';
import { cases, hosts, libvirtBaseline, RECORDING, virshPresent, VIRSH } from '../test/x86_64/libvirt-x86.js';

if (!virshPresent()) throw new Error(`${VIRSH} is not installed: nothing to record`);
const what = process.argv.slice(2).length ? process.argv.slice(2) : ['baselines', 'compare'];
const version = spawnSync(VIRSH, ['--version'], { encoding: 'utf8' }).stdout.trim();
const list = (xs: unknown[]) => xs.map((a) => `    ${JSON.stringify(a)}`).join(',\n');

if (what.includes('baselines')) {
  const started = Date.now();
  const single = hosts().map((h) => libvirtBaseline([h.name]));
  const answers = cases().map((names) => libvirtBaseline(names));
  writeFileAtomic(RECORDING, `{\n  "libvirt": ${JSON.stringify(version)},\n  "single": [\n${list(single)}\n  ],\n  "answers": [\n${list(answers)}\n  ]\n}\n`);
  const refused = answers.filter((a) => 'error' in a).length;
  console.log(`libvirt ${version}: ${answers.length} baselines (${refused} refused) in ${Date.now() - started} ms → ${RECORDING}`);
}

if (what.includes('compare')) {
  if (!kvmHere()) throw new Error('/dev/kvm or QEMU 7.2 is not usable here: no comparisons to record');
  const started = Date.now();
  const engine = openRules(undefined, 'x86_64').engine('qemu-7.2');
  if ('diagnostics' in engine) throw new Error('no qemu-7.2 profile');
  const models = engine.engine.modelNames().filter((m) => !/-v\d+$/.test(m) && !['base', 'max', 'host'].includes(m));
  const qemu = spawnSync(QEMU_72, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]!;
  const libvirt = embeddedLibvirt();
  try {
    const answers = guests(models).map((g) => libvirt.compare(g));
    writeFileAtomic(COMPARE_RECORDING, `{\n  "libvirt": ${JSON.stringify(version)},\n  "qemu": ${JSON.stringify(qemu)},\n  "host": ${JSON.stringify(hostFingerprint())},\n  "answers": [\n${list(answers)}\n  ]\n}\n`);
    console.log(`libvirt ${version}, ${qemu} under KVM: ${answers.length} comparisons in ${Date.now() - started} ms → ${COMPARE_RECORDING}`);
  } finally {
    libvirt.close();
  }
}
