import type { Diagnostic } from '../../../diag/diagnostic.js';
import type { SourceText } from '../../../load/load.js';
import type { Located, Name } from './ast.js';
import { FileReader } from '../../../parse/reader.js';
import { error } from '../../../diag/diagnostic.js';
import { didYouMean } from '../../../util/fuzzy.js';
import { ACCELERATORS, CAPABILITIES, LAYERS } from '../check/vocabulary.js';

/** An environment description: the hardware and the layers below QEMU. */
export interface EnvironmentDecl {
  name: string;
  description: string;
  accelerator: 'kvm' | 'tcg';
  /** The QEMU version that computes the host model (default: the profile's). */
  qemu?: string;
  machine?: { cpuType: Located<number>; ga?: number };
  ibc?: { lowest: number; unblocked: number };
  layers: string[];
  kernel: { version?: string; nested: boolean; capabilities: string[] };
  cpacf: boolean;
  /** Explicit facts beyond the rules: features the layers below add or take away. */
  offer: { add: Name[]; remove: Name[]; reason?: string };
  file: string;
}

const TOP = ['name', 'description', 'accelerator', 'qemu', 'machine', 'ibc', 'layers', 'kernel', 'cpacf', 'offer'];

function readMachine(r: FileReader, node: Parameters<FileReader['fields']>[0]): EnvironmentDecl['machine'] {
  const f = r.fields(node, '`machine`', ['cpu_type', 'ga'], ['cpu_type']);
  const cpuType = r.int(f?.get('cpu_type'), 'cpu_type');
  return cpuType ? { cpuType, ga: r.int(f?.get('ga'), 'ga')?.value } : undefined;
}

function readIbc(r: FileReader, node: Parameters<FileReader['fields']>[0]): EnvironmentDecl['ibc'] {
  const f = r.fields(node, '`ibc`', ['lowest', 'unblocked'], ['unblocked']);
  const unblocked = r.int(f?.get('unblocked'), 'unblocked')?.value;
  return unblocked === undefined ? undefined : { lowest: r.int(f?.get('lowest'), 'lowest')?.value ?? 0, unblocked };
}

/** The values of a list that belong to its vocabulary; each other one is reported with a did-you-mean. */
function known(r: FileReader, names: Name[], code: string, what: string, allowed: readonly string[]): string[] {
  for (const n of names.filter((x) => !allowed.includes(x.value))) {
    r.diags.push(error(code, `unknown ${what} \`${n.value}\``, n.span, didYouMean(n.value, allowed) ?? `known: ${allowed.join(', ')}`));
  }
  return names.map((n) => n.value);
}

/** Read one environment file (`environment:` at the top); every problem is a diagnostic. */
export function parseEnvironment(source: SourceText, fallbackName: string): { env: EnvironmentDecl | null; diagnostics: Diagnostic[] } {
  const r = new FileReader(source.name, source.text);
  const top = r.root && r.fields(r.root, 'an environment file', ['environment'], ['environment']);
  const f = top?.get('environment') ? r.fields(top.get('environment'), '`environment`', TOP, []) : null;
  if (!f) return { env: null, diagnostics: r.diags };
  const kernel = f.has('kernel') ? r.fields(f.get('kernel'), '`kernel`', ['version', 'nested', 'capabilities']) : null;
  const offer = f.has('offer') ? r.fields(f.get('offer'), '`offer`', ['add', 'remove', 'reason']) : null;
  const accelerator = r.str(f.get('accelerator'), 'accelerator')?.value ?? 'kvm';
  if (!(ACCELERATORS as readonly string[]).includes(accelerator)) {
    r.diags.push(error('parse/bad-accelerator', `accelerator must be \`kvm\` or \`tcg\`, not \`${accelerator}\``, r.span(f.get('accelerator')),
      didYouMean(accelerator, ACCELERATORS) ?? 'write `accelerator: kvm` or `accelerator: tcg`'));
  }
  const env: EnvironmentDecl = {
    name: r.str(f.get('name'), 'name')?.value ?? fallbackName,
    description: r.str(f.get('description'), 'description')?.value ?? '',
    accelerator: accelerator === 'tcg' ? 'tcg' : 'kvm',
    qemu: r.version(f.get('qemu'), 'qemu')?.value,
    machine: f.has('machine') ? readMachine(r, f.get('machine')) : undefined,
    ibc: f.has('ibc') ? readIbc(r, f.get('ibc')) : undefined,
    layers: known(r, r.names(f.get('layers'), 'layers'), 'env/unknown-layer', 'hypervisor layer', LAYERS),
    kernel: {
      version: r.str(kernel?.get('version'), 'version')?.value,
      nested: r.bool(kernel?.get('nested'), 'nested') ?? false,
      capabilities: known(r, r.names(kernel?.get('capabilities'), 'capabilities'), 'env/unknown-capability', 'kernel capability', CAPABILITIES),
    },
    cpacf: r.bool(f.get('cpacf'), 'cpacf') ?? true,
    offer: { add: r.names(offer?.get('add'), 'add'), remove: r.names(offer?.get('remove'), 'remove'), reason: r.str(offer?.get('reason'), 'reason')?.value },
    file: source.name,
  };
  if (env.accelerator === 'kvm' && !env.machine) r.diags.push({ code: 'parse/missing-key', severity: 'error', message: 'a KVM environment needs `machine: {cpu_type: …}`', span: r.span(r.root) });
  return { env: r.diags.length ? null : env, diagnostics: r.diags };
}
