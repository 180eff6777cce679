/**
 * An x86_64 host environment description: a real host under KVM, as the
 * features KVM offers there and the identity QEMU's `host` model copies from
 * the host CPU. Every problem is a diagnostic with its place.
 *
 *   environment:
 *     description: "…"
 *     accelerator: kvm
 *     xsave_components: [0, 1, 2, 5, 6, 7, 9]   # optional; default: every one
 *     host: {vendor: GenuineIntel, family: 6, model: 85, stepping: 7, model-id: "…"}
 *     supports: [fpu, vme, …]
 *     supports_bits: [{word: FEAT_VMX_EPT_VPID_CAPS, bits: [14]}]   # optional: bits without a name
 */
import { isScalar, type Node } from 'yaml';
import { error, type Diagnostic } from '../../../diag/diagnostic.js';
import type { SourceText } from '../../../load/load.js';
import { FileReader } from '../../../parse/reader.js';
import type { Located, Name } from '../ast.js';
import { scalar } from './read.js';

export interface X86EnvironmentDecl {
  name: string;
  /** A KVM host (false: TCG, nothing described). */
  kvm: boolean;
  description: string;
  /** The QEMU version that recorded the host, when known. */
  qemu?: string;
  /** Property values the host model takes from the host CPU (vendor, family, model, stepping, model-id, CPUID levels, LMCE). */
  host: { key: Name; value: Located<boolean | number | string> }[];
  /** The XSAVE state components KVM saves on the host (default: every one). */
  xsaveComponents?: Located<number>[];
  /** The features KVM offers on the host; an entry `{features, since, until}` only with those QEMU versions. */
  supports: Name[];
  supportsVersioned?: { features: Name[]; since?: string; until?: string }[];
  /** Bits without a property name that KVM offers on the host (a VMX capability such as EPT write-back), by word. */
  supportsBits?: { word: Name; bits: Located<number>[] }[];
  file: string;
  span: Located<string>['span'];
}

/** What an x86_64 environment runs: KVM on a described host, or TCG. */
export const ENV_ACCELERATORS = ['kvm', 'tcg'] as const;

const TOP = ['name', 'description', 'accelerator', 'qemu', 'host', 'xsave_components', 'supports', 'supports_bits'];
/** What QEMU's `host` model copies from the host CPU. */
export const HOST_VALUES = ['vendor', 'family', 'model', 'stepping', 'model-id', 'min-level', 'min-xlevel', 'lmce'] as const;

function hostValues(r: FileReader, node: Node | undefined): X86EnvironmentDecl['host'] {
  if (node === undefined) return [];
  const f = r.fields(node, '`host`', HOST_VALUES);
  const out: X86EnvironmentDecl['host'] = [];
  for (const [key, value] of f ?? []) {
    const v = scalar(r, value, `\`${key}\``);
    if (v) out.push({ key: { value: key, span: r.span(value) }, value: v });
  }
  return out;
}

/** `supports`: feature names, and `{features, since, until}` entries for what only some QEMU versions offer. */
function readSupports(r: FileReader, node: Node | undefined): Pick<X86EnvironmentDecl, 'supports' | 'supportsVersioned'> {
  const supports: Name[] = [];
  const versioned: NonNullable<X86EnvironmentDecl['supportsVersioned']> = [];
  for (const item of r.list(node, 'supports')) {
    if (isScalar(item)) {
      const n = r.str(item, 'an entry of `supports`');
      if (n) supports.push(n);
      continue;
    }
    const g = r.fields(item, 'an entry of `supports`', ['features', 'since', 'until'], ['features']);
    if (!g) continue;
    const since = r.version(g.get('since'), 'since')?.value;
    const until = r.version(g.get('until'), 'until')?.value;
    versioned.push({ features: r.names(g.get('features'), 'features'), ...(since ? { since } : {}), ...(until ? { until } : {}) });
  }
  return { supports, ...(versioned.length ? { supportsVersioned: versioned } : {}) };
}

/** `supports_bits`: `{word, bits}` entries for bits without a property name. */
function readSupportsBits(r: FileReader, node: Node | undefined): NonNullable<X86EnvironmentDecl['supportsBits']> {
  const out: NonNullable<X86EnvironmentDecl['supportsBits']> = [];
  for (const item of r.list(node, 'supports_bits')) {
    const g = r.fields(item, 'an entry of `supports_bits`', ['word', 'bits'], ['word', 'bits']);
    const word = g && r.str(g.get('word'), 'word');
    if (word) out.push({ word, bits: r.list(g.get('bits'), 'bits').flatMap((n) => r.int(n, 'a bit') ?? []) });
  }
  return out;
}

/** Read one x86_64 environment file (`environment:` at the top). */
export function parseX86Environment(source: SourceText, fallbackName: string): { env: X86EnvironmentDecl | null; diagnostics: Diagnostic[] } {
  const r = new FileReader(source.name, source.text);
  const top = r.root && r.fields(r.root, 'an environment file', ['environment'], ['environment']);
  const f = top?.get('environment') ? r.fields(top.get('environment'), '`environment`', TOP, []) : null;
  if (!f) return { env: null, diagnostics: r.diags };
  const accelerator = r.str(f.get('accelerator'), 'accelerator');
  if (accelerator && !(ENV_ACCELERATORS as readonly string[]).includes(accelerator.value)) {
    r.diags.push(error('env/not-kvm', `an x86_64 environment is a KVM host or TCG, not \`${accelerator.value}\``, accelerator.span,
      'write `accelerator: kvm` (with `supports`) or `accelerator: tcg`'));
  }
  const kvm = accelerator?.value !== 'tcg';
  if (kvm && !f.has('supports')) r.diags.push(error('parse/missing-key', '`environment` of a KVM host lacks `supports`', r.span(top!.get('environment')), 'list the features KVM offers on the host (`cpumodel host import` writes them)'));
  const env: X86EnvironmentDecl = {
    name: r.str(f.get('name'), 'name')?.value ?? fallbackName,
    kvm,
    description: r.str(f.get('description'), 'description')?.value ?? '',
    qemu: r.version(f.get('qemu'), 'qemu')?.value,
    host: hostValues(r, f.get('host')),
    ...readSupports(r, f.get('supports')),
    ...(f.has('supports_bits') ? { supportsBits: readSupportsBits(r, f.get('supports_bits')) } : {}),
    ...(f.has('xsave_components') ? { xsaveComponents: r.list(f.get('xsave_components'), 'xsave_components').flatMap((n) => r.int(n, 'an XSAVE component') ?? []) } : {}),
    file: source.name,
    span: r.span(top!.get('environment')),
  };
  return { env: r.diags.length ? null : env, diagnostics: r.diags };
}
