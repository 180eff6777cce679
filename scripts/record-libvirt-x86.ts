/**
 * Records libvirt's x86 baselines of the real hosts in
 * test/fixtures/libvirt-x86-hosts/ (every pair, and triples of neighbours)
 * with `virsh -c test:///default cpu-baseline [--features]`: libvirt's own x86
 * baseline through its test driver, no daemon; and each host alone (libvirt's
 * expansion of its host CPU). The agreement test
 * (test/x86_64/libvirt-agreement.test.ts) compares cpumodel's cluster answers
 * with this recording, and re-runs part of it live where virsh is installed.
 * Usage: npx tsx scripts/record-libvirt-x86.ts
 */
import { spawnSync } from 'node:child_process';
import { writeFileAtomic } from '../src/index.js';
import { cases, hosts, libvirtBaseline, RECORDING, virshPresent, VIRSH } from '../test/x86_64/libvirt-x86.js';

if (!virshPresent()) throw new Error(`${VIRSH} is not installed: nothing to record`);
const version = spawnSync(VIRSH, ['--version'], { encoding: 'utf8' }).stdout.trim();
const started = Date.now();
const single = hosts().map((h) => libvirtBaseline([h.name]));
const answers = cases().map((names) => libvirtBaseline(names));
const list = (xs: unknown[]) => xs.map((a) => `    ${JSON.stringify(a)}`).join(',\n');
writeFileAtomic(RECORDING, `{\n  "libvirt": ${JSON.stringify(version)},\n  "single": [\n${list(single)}\n  ],\n  "answers": [\n${list(answers)}\n  ]\n}\n`);
const refused = answers.filter((a) => 'error' in a).length;
console.log(`libvirt ${version}: ${answers.length} baselines (${refused} refused) in ${Date.now() - started} ms → ${RECORDING}`);
