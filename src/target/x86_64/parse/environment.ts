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
 */
import type { Node } from 'yaml';
import { error, type Diagnostic } from '../../../diag/diagnostic.js';
import type { SourceText } from '../../../load/load.js';
import { FileReader } from '../../../parse/reader.js';
import type { Located, Name } from '../ast.js';
import { scalar } from './read.js';

export interface X86EnvironmentDecl {
  name: string;
  description: string;
  /** The QEMU version that recorded the host, when known. */
  qemu?: string;
  /** Property values the host model takes from the host CPU (vendor, family, model, stepping, model-id, CPUID levels). */
  host: { key: Name; value: Located<boolean | number | string> }[];
  /** The XSAVE state components KVM saves on the host (default: every one). */
  xsaveComponents?: Located<number>[];
  /** The features KVM offers on the host. */
  supports: Name[];
  file: string;
  span: Located<string>['span'];
}

const TOP = ['name', 'description', 'accelerator', 'qemu', 'host', 'xsave_components', 'supports'];
/** What QEMU's `host` model copies from the host CPU. */
export const HOST_VALUES = ['vendor', 'family', 'model', 'stepping', 'model-id', 'min-level', 'min-xlevel'] as const;

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

/** Read one x86_64 environment file (`environment:` at the top). */
export function parseX86Environment(source: SourceText, fallbackName: string): { env: X86EnvironmentDecl | null; diagnostics: Diagnostic[] } {
  const r = new FileReader(source.name, source.text);
  const top = r.root && r.fields(r.root, 'an environment file', ['environment'], ['environment']);
  const f = top?.get('environment') ? r.fields(top.get('environment'), '`environment`', TOP, ['supports']) : null;
  if (!f) return { env: null, diagnostics: r.diags };
  const accelerator = r.str(f.get('accelerator'), 'accelerator');
  if (accelerator && accelerator.value !== 'kvm') {
    r.diags.push(error('env/not-kvm', `an x86_64 environment describes a KVM host, not \`${accelerator.value}\``, accelerator.span,
      'write `accelerator: kvm`; TCG needs no description (leave out `--env`)'));
  }
  const env: X86EnvironmentDecl = {
    name: r.str(f.get('name'), 'name')?.value ?? fallbackName,
    description: r.str(f.get('description'), 'description')?.value ?? '',
    qemu: r.version(f.get('qemu'), 'qemu')?.value,
    host: hostValues(r, f.get('host')),
    supports: r.names(f.get('supports'), 'supports'),
    ...(f.has('xsave_components') ? { xsaveComponents: r.list(f.get('xsave_components'), 'xsave_components').flatMap((n) => r.int(n, 'an XSAVE component') ?? []) } : {}),
    file: source.name,
    span: r.span(top!.get('environment')),
  };
  return { env: r.diags.length ? null : env, diagnostics: r.diags };
}
