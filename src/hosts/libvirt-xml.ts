/**
 * libvirt's XML about a host: `virsh domcapabilities` (the host-model CPU
 * that libvirt computed from QEMU's expansion: a model and feature
 * policies), `virsh capabilities` (the host `<cpu>`: a model and its
 * features), and libvirt's QEMU capability cache (`<hostCPU>`: the
 * expansion's props as libvirt stored them).
 */
import { error, type Diagnostic } from '../diag/diagnostic.js';
import type { EvidenceModel, HostEvidence } from './evidence.js';
import { childNamed, childrenNamed, type XmlElement } from './xml.js';

type Read = { evidence: HostEvidence } | { diagnostics: Diagnostic[] };

const noModel = (el: XmlElement, message: string, help: string): Read => ({ diagnostics: [error('import/no-host-model', message, el.span, help)] });

/** Feature policies of libvirt's host-model: what the expansion had on (require) and off (disable). */
const POLICY: Record<string, boolean> = { require: true, force: true, disable: false, forbid: false };

function libvirtModel(cpu: XmlElement, model: XmlElement, withPolicy: boolean): EvidenceModel | Diagnostic {
  const props: Record<string, unknown> = {};
  for (const f of childrenNamed(cpu, 'feature')) {
    const name = f.attrs.get('name');
    if (!name) return error('import/bad-feature', '`<feature>` without a `name`', f.span, 'write <feature policy=\'require\' name=\'…\'/>');
    const policy = f.attrs.get('policy');
    if (!withPolicy || !policy) { props[name.value] = true; continue; }
    if (!Object.hasOwn(POLICY, policy.value)) return error('import/bad-feature', `unknown feature policy \`${policy.value}\``, policy.span, 'a host model uses require and disable (force and forbid are read alike)');
    props[name.value] = POLICY[policy.value];
  }
  const vendor = childNamed(cpu, 'vendor')?.text.trim();
  return { name: model.text.trim(), props, type: 'libvirt', ...(vendor ? { vendor } : {}), span: model.span };
}

function fromDomcaps(file: string, root: XmlElement): Read {
  const arch = childNamed(root, 'arch')?.text.trim();
  const mode = childrenNamed(childNamed(root, 'cpu') ?? root, 'mode').find((m) => m.attrs.get('name')?.value === 'host-model');
  const help = 'run `virsh domcapabilities` on a KVM host: its <cpu><mode name=\'host-model\'> names the host model';
  if (!mode) return noModel(root, 'the domain capabilities have no host-model CPU', help);
  if (mode.attrs.get('supported')?.value === 'no') return noModel(mode, 'the host-model CPU is not supported on this host', help);
  const model = childNamed(mode, 'model');
  if (!model || model.text.trim() === '') return noModel(mode, 'the host-model CPU names no model', help);
  const m = libvirtModel(mode, model, true);
  if ('code' in m) return { diagnostics: [m] };
  const accel = childNamed(root, 'domain')?.text.trim();
  return { evidence: { kind: 'domcapabilities', file, arch, accel: accel === 'qemu' ? 'tcg' : accel, models: [m], lines: [] } };
}

/** `virsh capabilities` (the `<cpu>` under `<host>`), or that `<cpu>` alone. */
function fromCapabilities(file: string, root: XmlElement): Read {
  const cpu = root.name === 'cpu' ? root : childNamed(childNamed(root, 'host') ?? root, 'cpu');
  const help = 'libvirt names no host CPU model on some architectures: use `virsh domcapabilities` (host-model) instead';
  if (!cpu) return noModel(root, 'the capabilities have no host `<cpu>`', help);
  const arch = childNamed(cpu, 'arch')?.text.trim();
  const model = childNamed(cpu, 'model');
  if (!model || model.text.trim() === '') return noModel(cpu, 'the host `<cpu>` names no model', help);
  const m = libvirtModel(cpu, model, false);
  if ('code' in m) return { diagnostics: [m] };
  return { evidence: { kind: 'capabilities', file, arch, models: [m], lines: [] } };
}

/** libvirt's version number: major * 1,000,000 + minor * 1,000 + micro. */
const versionText = (n: number): string => `${Math.floor(n / 1e6)}.${Math.floor(n / 1e3) % 1000}.${n % 1000}`;

function fromCapsCache(file: string, root: XmlElement): Read {
  const host = childrenNamed(root, 'hostCPU').find((h) => h.attrs.get('type')?.value === 'kvm');
  if (!host?.attrs.get('model')) return noModel(root, 'the capability cache has no KVM `<hostCPU>`', 'libvirt records the host model as <hostCPU type=\'kvm\' model=\'…\'>');
  const props: Record<string, unknown> = {};
  for (const p of childrenNamed(host, 'property')) {
    const name = p.attrs.get('name')?.value;
    const value = p.attrs.get('value')?.value;
    if (name === undefined || value === undefined) return { diagnostics: [error('import/bad-feature', '`<property>` needs `name` and `value`', p.span, 'write <property name=\'…\' type=\'boolean\' value=\'true\'/>')] };
    props[name] = p.attrs.get('type')?.value === 'boolean' ? value === 'true' : value;
  }
  const version = Number(childNamed(root, 'version')?.text.trim());
  const model: EvidenceModel = { name: host.attrs.get('model')!.value, props, type: 'static', span: host.span };
  return { evidence: { kind: 'qemu-caps-cache', file, arch: childNamed(root, 'arch')?.text.trim(), accel: 'kvm', qemu: Number.isInteger(version) && version > 0 ? versionText(version) : undefined, models: [model], lines: [] } };
}

export function evidenceOfXml(file: string, root: XmlElement): Read {
  if (root.name === 'domainCapabilities') return fromDomcaps(file, root);
  if (root.name === 'capabilities' || root.name === 'cpu') return fromCapabilities(file, root);
  if (root.name === 'qemuCaps') return fromCapsCache(file, root);
  return { diagnostics: [error('import/unknown-format', `unknown XML document \`<${root.name}>\``, root.span, 'give `virsh domcapabilities` or `virsh capabilities` XML')] };
}
