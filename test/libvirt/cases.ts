/**
 * The virsh cases the libvirt differential test runs with each emulator, as
 * data. `{E}` is the emulator's path; `{F:name}` the CPU file
 * test/fixtures/libvirt/cpu/<name>.xml (copied where libvirt's user can read
 * it). The cases avoid the one known way to crash libvirtd 11.3: a baseline of
 * a single CPU whose expansion QEMU refuses (e.g. z13 with `gs` required);
 * the multi-CPU error files reach QEMU through query-cpu-model-baseline
 * instead, which libvirt survives (unknown model names never reach QEMU).
 *
 * x86_64 (X86_CASES, CPU files in cpu-x86_64/): libvirt computes x86
 * baselines and comparisons from its own CPU map and the probe's answers
 * (query-cpu-definitions, the `max` expansion, the host's CPUID), so these
 * cases test the probe; they are not recorded, since the host CPU shows.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './emulators.js';

export interface VirshCase {
  id: string;
  args: string[];
}

export const CPU_DIR = join(REPO, 'test', 'fixtures', 'libvirt', 'cpu');
export const X86_CPU_DIR = join(REPO, 'test', 'fixtures', 'libvirt', 'cpu-x86_64');
const xmlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => f.slice(0, -4)).sort();
export const CPU_FILES = xmlFiles(CPU_DIR);

const TCG = ['--arch', 's390x', '--virttype', 'qemu'];

const domcapabilities: VirshCase[] = [
  { id: 'domcapabilities', args: ['domcapabilities', '--emulatorbin', '{E}', ...TCG] },
  { id: 'domcapabilities --machine s390-ccw-virtio', args: ['domcapabilities', '--emulatorbin', '{E}', ...TCG, '--machine', 's390-ccw-virtio'] },
  { id: 'domcapabilities --machine s390-ccw-virtio-7.2', args: ['domcapabilities', '--emulatorbin', '{E}', ...TCG, '--machine', 's390-ccw-virtio-7.2'] },
  { id: 'domcapabilities --disable-deprecated-features', args: ['domcapabilities', '--emulatorbin', '{E}', ...TCG, '--disable-deprecated-features'] },
  { id: 'domcapabilities --xpath usable models', args: ['domcapabilities', '--emulatorbin', '{E}', ...TCG, '--xpath', "//mode[@name='custom']/model[@usable='yes']/text()"] },
  { id: 'domcapabilities --xpath cpu modes', args: ['domcapabilities', '--emulatorbin', '{E}', ...TCG, '--xpath', '//cpu', '--wrap'] },
  { id: 'error: domcapabilities --virttype kvm', args: ['domcapabilities', '--emulatorbin', '{E}', '--arch', 's390x', '--virttype', 'kvm'] },
  { id: 'error: domcapabilities --machine pc', args: ['domcapabilities', '--emulatorbin', '{E}', ...TCG, '--machine', 'pc'] },
  { id: 'error: domcapabilities --arch x86_64', args: ['domcapabilities', '--emulatorbin', '{E}', '--arch', 'x86_64', '--virttype', 'qemu'] },
  { id: 'error: domcapabilities --virttype xen', args: ['domcapabilities', '--emulatorbin', '{E}', '--arch', 's390x', '--virttype', 'xen'] },
];

const models: VirshCase[] = [
  { id: 'hypervisor-cpu-models', args: ['hypervisor-cpu-models', '--emulator', '{E}', ...TCG] },
  { id: 'hypervisor-cpu-models --all', args: ['hypervisor-cpu-models', '--emulator', '{E}', ...TCG, '--all'] },
  { id: 'hypervisor-cpu-models --all --machine s390-ccw-virtio', args: ['hypervisor-cpu-models', '--emulator', '{E}', ...TCG, '--all', '--machine', 's390-ccw-virtio'] },
  { id: 'error: hypervisor-cpu-models --virttype kvm', args: ['hypervisor-cpu-models', '--emulator', '{E}', '--arch', 's390x', '--virttype', 'kvm'] },
];

/** Under TCG libvirt refuses every compare (no host CPU model); these pin its words. */
const compare: VirshCase[] = [
  { id: 'error: hypervisor-cpu-compare z14', args: ['hypervisor-cpu-compare', '--emulator', '{E}', ...TCG, '{F:single-z14}'] },
  { id: 'error: hypervisor-cpu-compare --error', args: ['hypervisor-cpu-compare', '--emulator', '{E}', ...TCG, '--error', '{F:single-gen15a-disabled}'] },
  { id: 'error: hypervisor-cpu-compare domain', args: ['hypervisor-cpu-compare', '--emulator', '{E}', ...TCG, '{F:domain-z14}'] },
  { id: 'error: hypervisor-cpu-compare --virttype kvm', args: ['hypervisor-cpu-compare', '--emulator', '{E}', '--arch', 's390x', '--virttype', 'kvm', '{F:single-z14}'] },
  { id: 'error: hypervisor-cpu-compare malformed', args: ['hypervisor-cpu-compare', '--emulator', '{E}', ...TCG, '{F:error-malformed}'] },
];

const MODELS = ['z900', 'z990', 'z9EC', 'z10EC', 'z196', 'zEC12', 'z13', 'z13s', 'z14', 'z14ZR1', 'gen15a', 'gen16a', 'qemu', 'max', 'z14-base'];
const baselineModel: VirshCase[] = [
  ...MODELS.map((m) => ({ id: `hypervisor-cpu-baseline --model ${m}`, args: ['hypervisor-cpu-baseline', '--emulator', '{E}', ...TCG, '--model', m] })),
  { id: 'hypervisor-cpu-baseline --model z14 --features', args: ['hypervisor-cpu-baseline', '--emulator', '{E}', ...TCG, '--model', 'z14', '--features'] },
  { id: 'hypervisor-cpu-baseline --model gen16a --features', args: ['hypervisor-cpu-baseline', '--emulator', '{E}', ...TCG, '--model', 'gen16a', '--features'] },
  { id: 'hypervisor-cpu-baseline --model gen15a --migratable', args: ['hypervisor-cpu-baseline', '--emulator', '{E}', ...TCG, '--model', 'gen15a', '--migratable'] },
  { id: 'error: hypervisor-cpu-baseline --virttype kvm', args: ['hypervisor-cpu-baseline', '--emulator', '{E}', '--arch', 's390x', '--virttype', 'kvm', '--model', 'z14'] },
];

/** Every CPU file, plain; the ones that are not errors also with --features. */
function fileCases(command: string, files: readonly string[], common: readonly string[], extra: string): VirshCase[] {
  return files.flatMap((f) => {
    const plain = { id: `${command} ${f}`, args: [command, '--emulator', '{E}', ...common, `{F:${f}}`] };
    if (f.startsWith('error-')) return [{ ...plain, id: `error: ${plain.id}` }];
    return [plain, { id: `${plain.id} ${extra}`, args: [...plain.args, extra] }];
  });
}

export const TCG_CASES: VirshCase[] = [...domcapabilities, ...models, ...compare, ...baselineModel,
  ...fileCases('hypervisor-cpu-baseline', CPU_FILES, TCG, '--features')];

const X86 = ['--arch', 'x86_64', '--virttype', 'qemu'];
const X86_FILES = xmlFiles(X86_CPU_DIR);
export const X86_CASES: VirshCase[] = [
  { id: 'domcapabilities', args: ['domcapabilities', '--emulatorbin', '{E}', ...X86] },
  { id: 'domcapabilities --machine q35', args: ['domcapabilities', '--emulatorbin', '{E}', ...X86, '--machine', 'q35'] },
  { id: 'domcapabilities --machine pc-i440fx-7.2', args: ['domcapabilities', '--emulatorbin', '{E}', ...X86, '--machine', 'pc-i440fx-7.2'] },
  { id: 'error: domcapabilities --machine s390-ccw-virtio', args: ['domcapabilities', '--emulatorbin', '{E}', ...X86, '--machine', 's390-ccw-virtio'] },
  { id: 'hypervisor-cpu-models', args: ['hypervisor-cpu-models', '--emulator', '{E}', ...X86] },
  { id: 'hypervisor-cpu-models --all', args: ['hypervisor-cpu-models', '--emulator', '{E}', ...X86, '--all'] },
  ...['Skylake-Server', 'EPYC-Rome', 'Nehalem', 'qemu64', 'Cascadelake-Server-v4'].map((m) =>
    ({ id: `hypervisor-cpu-baseline --model ${m}`, args: ['hypervisor-cpu-baseline', '--emulator', '{E}', ...X86, '--model', m] })),
  { id: 'hypervisor-cpu-baseline --model Icelake-Server --features', args: ['hypervisor-cpu-baseline', '--emulator', '{E}', ...X86, '--model', 'Icelake-Server', '--features'] },
  { id: 'hypervisor-cpu-baseline --model Skylake-Client --migratable', args: ['hypervisor-cpu-baseline', '--emulator', '{E}', ...X86, '--model', 'Skylake-Client', '--migratable'] },
  ...fileCases('hypervisor-cpu-baseline', X86_FILES, X86, '--features'),
  ...fileCases('hypervisor-cpu-compare', X86_FILES, X86, '--error'),
];

/** The case's arguments with the emulator and the CPU files' directory filled in. */
export function argsOf(c: VirshCase, emulator: string, cpuDir: string): string[] {
  return c.args.map((a) => a === '{E}' ? emulator : a.replace(/^\{F:(.+)\}$/, (_, f: string) => join(cpuDir, `${f}.xml`)));
}
