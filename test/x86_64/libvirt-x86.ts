/**
 * libvirt's x86 baseline next to cpumodel's, over real hosts (libvirt's test
 * data, test/fixtures/libvirt-x86-hosts/). libvirt's side: `virsh -c
 * test:///default cpu-baseline` (the test driver, no daemon: libvirt's own
 * x86 baseline, intersect and decode over its CPU map), recorded by
 * scripts/record-libvirt-x86.ts. cpumodel's side: each host's `<cpu>` read by
 * `host import` into a KVM host description, the hosts' `cluster` answer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRules, readEvidence, type ArchEngine, type RuleSet } from '../../src/index.js';
import { parseXml, type XmlElement } from '../../src/util/xml.js';

export const HOSTS_DIR = join(import.meta.dirname, '..', 'fixtures', 'libvirt-x86-hosts');
export const RECORDING = join(HOSTS_DIR, 'libvirt-baselines.json');
export const VIRSH = '/usr/bin/virsh';

export interface Host { name: string; file: string; vendor: string }

/** The hosts: every `x86_64-cpuid-<CPU>-host.xml`, by name. */
export function hosts(): Host[] {
  return readdirSync(HOSTS_DIR).filter((f) => /^x86_64-cpuid-.*-host\.xml$/.test(f)).sort().map((f) => {
    const text = readFileSync(join(HOSTS_DIR, f), 'utf8');
    return { name: f.slice('x86_64-cpuid-'.length, -'-host.xml'.length), file: f, vendor: /<vendor>(.*?)<\/vendor>/.exec(text)?.[1] ?? '' };
  });
}

/**
 * The questions: every pair of hosts (same vendor: a baseline; different
 * vendors: both must refuse) and, per vendor, the triples of neighbours in
 * name order.
 */
export function cases(all: readonly Host[] = hosts()): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) out.push([all[i]!.name, all[j]!.name]);
  for (const vendor of new Set(all.map((h) => h.vendor))) {
    const same = all.filter((h) => h.vendor === vendor);
    for (let i = 0; i + 2 < same.length; i += 2) out.push([same[i]!.name, same[i + 1]!.name, same[i + 2]!.name]);
  }
  return out;
}

/** libvirt's answer: the model (name, fallback), its features by policy, every feature (`--features`); or the error. */
export type LibvirtAnswer =
  | { hosts: string[]; model: string; fallback: string; vendor: string; require: string[]; disable: string[]; features: string[] }
  | { hosts: string[]; error: string };

const children = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);

function readCpu(text: string): { model: string; fallback: string; vendor: string; require: string[]; disable: string[] } {
  const parsed = parseXml(text);
  if ('problem' in parsed) throw new Error(`virsh printed no <cpu>: ${parsed.problem.message}`);
  const cpu = parsed.root;
  const model = children(cpu, 'model')[0];
  const feats = children(cpu, 'feature').map((f) => [f.attrs.get('policy')?.value ?? 'require', f.attrs.get('name')!.value] as const);
  return {
    model: model?.text.trim() ?? '', fallback: model?.attrs.get('fallback')?.value ?? '', vendor: children(cpu, 'vendor')[0]?.text.trim() ?? '',
    require: feats.filter(([p]) => p === 'require').map(([, n]) => n), disable: feats.filter(([p]) => p === 'disable').map(([, n]) => n),
  };
}

export const virshPresent = () => existsSync(VIRSH);

/** Run libvirt's baseline of some hosts now (test driver: no daemon). */
export function libvirtBaseline(names: readonly string[]): LibvirtAnswer {
  const dir = mkdtempSync(join(tmpdir(), 'cpumodel-x86lv-'));
  try {
    const file = join(dir, 'cpus.xml');
    writeFileSync(file, names.map((n) => readFileSync(join(HOSTS_DIR, `x86_64-cpuid-${n}-host.xml`), 'utf8')).join(''));
    const run = (extra: string[]) => spawnSync(VIRSH, ['-c', 'test:///default', 'cpu-baseline', ...extra, file], { encoding: 'utf8', timeout: 30_000 });
    const plain = run([]);
    if (plain.status !== 0) return { hosts: [...names], error: plain.stderr.trim().replace(/^error: /, '') };
    const full = readCpu(run(['--features']).stdout);
    return { hosts: [...names], ...readCpu(plain.stdout), features: full.require.sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `single`: each host alone (libvirt's expansion of its host CPU); `answers`: the cases. */
export interface Recording { libvirt: string; single: LibvirtAnswer[]; answers: LibvirtAnswer[] }

export function readRecording(): Recording {
  return JSON.parse(readFileSync(RECORDING, 'utf8')) as Recording;
}

/** cpumodel's engines, one per host: the host's `<cpu>` through `host import`, as a KVM host description. */
export async function hostEngines(profile?: string): Promise<{ rules: RuleSet; engines: Map<string, ArchEngine> }> {
  const rules = openRules(undefined, 'x86_64');
  const solved = rules.solution(profile);
  if ('diagnostics' in solved) throw new Error('the built-in x86_64 rules do not compile');
  const engines = new Map<string, ArchEngine>();
  for (const h of hosts()) {
    const read = readEvidence(h.file, readFileSync(join(HOSTS_DIR, h.file), 'utf8'));
    if ('diagnostics' in read) throw new Error(`${h.file}: ${read.diagnostics[0]!.message}`);
    const imported = await rules.importHost(read.evidence, { name: h.name }, profile);
    if ('diagnostics' in imported) throw new Error(`${h.file}: ${imported.diagnostics[0]!.message}`);
    const env = await rules.target.environments!.resolve(solved.solved, { name: `${h.name}.yaml`, text: imported.text }, `${h.name}.yaml`);
    if ('diagnostics' in env) throw new Error(`${h.file}: ${env.diagnostics[0]!.message}`);
    const engine = rules.engine(profile, { environment: env.environment });
    if ('diagnostics' in engine) throw new Error(`${h.file}: ${engine.diagnostics[0]!.message}`);
    engines.set(h.name, engine.engine);
  }
  return { rules, engines };
}
