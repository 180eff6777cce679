/**
 * An environment description being fitted to a host dump, written as the
 * YAML `--env` reads (models/s390x/environments/*.yaml), and evaluated the
 * way `--env` evaluates it: the host model it gives.
 */
import type { Bitset } from '../../../util/bitset.js';
import type { CompiledRules } from '../compile/ir.js';
import { resolveEnvironment } from '../environments.js';
import type { Solution } from '../solve/generations.js';

export interface Draft {
  description: string;
  qemu?: string;
  cpuType: number;
  ga: number;
  /** The unblocked IBC, when the definition search needs a bound to pick the recorded definition. */
  ibc?: number;
  layers: string[];
  nested: boolean;
  capabilities: string[];
  cpacf: boolean;
  add: string[];
  remove: string[];
  reason?: string;
}

const hex = (n: number, width: number) => `0x${n.toString(16).padStart(width, '0')}`;
const list = (names: readonly string[]) => `[${names.join(', ')}]`;

export function draftYaml(d: Draft): string {
  const lines = [
    'environment:',
    `  description: ${JSON.stringify(d.description)}`,
    '  accelerator: kvm',
    ...(d.qemu ? [`  qemu: ${JSON.stringify(d.qemu)}`] : []),
    `  machine: {cpu_type: ${hex(d.cpuType, 4)}, ga: ${d.ga}}`,
    ...(d.ibc !== undefined ? [`  ibc: {unblocked: ${hex(d.ibc, 3)}}`] : []),
    `  layers: ${list(d.layers)}`,
    '  kernel:',
    `    nested: ${d.nested}`,
    `    capabilities: ${list(d.capabilities)}`,
    `  cpacf: ${d.cpacf}`,
  ];
  if (d.add.length + d.remove.length > 0) {
    lines.push('  offer:');
    if (d.add.length) lines.push(`    add: ${list(d.add)}`);
    if (d.remove.length) lines.push(`    remove: ${list(d.remove)}`);
    if (d.reason) lines.push(`    reason: ${JSON.stringify(d.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface Evaluated { def: string; features: Bitset }

/** The host model of a draft, or why there is none. */
export async function evaluate(rules: CompiledRules, solution: Solution, d: Draft, file: string): Promise<Evaluated | { error: string }> {
  const r = await resolveEnvironment(rules, solution, { name: file, text: draftYaml(d) }, 'import');
  if ('diagnostics' in r) return { error: r.diagnostics.map((x) => x.message).join('; ') };
  const host = r.environment.host;
  return host ? { def: host.def.name, features: host.features } : { error: 'no host model' };
}

/** Features in one set and not the other: [missing from `have`, extra in `have`]. */
export function difference(rules: CompiledRules, want: Bitset, have: Bitset): [string[], string[]] {
  const names = (b: Bitset) => [...b].map((i) => rules.features[i]!.name);
  return [names(want.andNot(have)), names(have.andNot(want))];
}

/** What the imported environment is, in a few lines. */
export function summaryOf(d: Draft, got: Evaluated | { error: string }): string[] {
  const out = 'error' in got ? [`no host model: ${got.error}`] : [`host model: ${got.def}-base (${got.features.count()} features)`];
  out.push(`machine: cpu type 0x${d.cpuType.toString(16)} GA ${d.ga}${d.ibc !== undefined ? `, IBC 0x${d.ibc.toString(16).padStart(3, '0')}` : ''}; layers: ${d.layers.join(', ')}`);
  out.push(`kernel: nested ${d.nested}, capabilities ${d.capabilities.join(', ') || 'none'}; CPACF enablement: ${d.cpacf ? 'installed' : 'missing'}`);
  if (d.add.length) out.push(`offer add: ${d.add.join(', ')}`);
  if (d.remove.length) out.push(`offer remove: ${d.remove.join(', ')}`);
  return out;
}
