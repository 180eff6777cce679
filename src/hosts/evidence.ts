/**
 * What people have about a real host, read into one neutral shape: the
 * host model as a CPU model (name + props) when the input states one, the
 * QEMU version and accelerator when it says them, and the `key : value`
 * lines of a text dump (/proc/cpuinfo). Which architecture it belongs to,
 * and what it means, is the architecture's business (Target.hostImport).
 */
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { fileStart } from '../parse/outline.js';
import { parseJsonSequence } from './json.js';
import { evidenceOfJson } from './qmp.js';
import { TextPositions } from './text.js';
import { evidenceOfXml } from './libvirt-xml.js';
import { parseXml } from './xml.js';

export type EvidenceKind = 'qmp-expansion' | 'libvirt-replies' | 'domcapabilities' | 'capabilities' | 'qemu-caps-cache' | 'cpuinfo';

export const KIND_TEXT: Record<EvidenceKind, string> = {
  'qmp-expansion': 'a QMP query-cpu-model-expansion reply for `host`',
  'libvirt-replies': 'libvirt\'s recorded QMP replies (.replies)',
  domcapabilities: '`virsh domcapabilities` (host-model CPU)',
  capabilities: '`virsh capabilities` (host CPU)',
  'qemu-caps-cache': 'libvirt\'s QEMU capability cache (<hostCPU>)',
  cpuinfo: '/proc/cpuinfo',
};

/** A CPU model the input states: the host model (QMP expansion, libvirt host-model). */
export interface EvidenceModel {
  name: string;
  /** Feature and property values, as the input gives them (booleans for features). */
  props: Record<string, unknown>;
  type: 'static' | 'full' | 'expansion' | 'libvirt';
  /** libvirt's `<vendor>` (`Intel`, `AMD`, …), where the input has one. */
  vendor?: string;
  span: Span;
}

/** One `key : value` line of a text dump. */
export interface DumpLine { key: string; value: string; span: Span; valueSpan: Span }

export interface HostEvidence {
  kind: EvidenceKind;
  file: string;
  /** The architecture the input names (libvirt's `<arch>`), if any. */
  arch?: string;
  /** Host models, static expansion first where there are two. */
  models: EvidenceModel[];
  qemu?: string;
  accel?: string;
  lines: DumpLine[];
  /** Further expansions of `host` in the same transcript, asked with other props (e.g. another vendor). */
  variants?: EvidenceModel[];
  /** query-cpu-definitions as recorded with the host model (a transcript): each model's unavailable features. */
  definitions?: { name: string; unavailable: string[] }[];
}

/** Read a host dump of any supported kind; problems are diagnostics with their position. */
export function readEvidence(file: string, text: string): { evidence: HostEvidence } | { diagnostics: Diagnostic[] } {
  const first = /\S/.exec(text.replace(/^\uFEFF/, ''))?.[0];
  if (first === '<') {
    const xml = parseXml(file, text);
    return 'diagnostics' in xml ? xml : evidenceOfXml(file, xml.root);
  }
  if (first === '{' || first === '[') {
    const json = parseJsonSequence(file, text);
    return 'diagnostics' in json ? json : evidenceOfJson(file, json.items);
  }
  const lines = dumpLines(file, text);
  if (lines.length > 0) return { evidence: { kind: 'cpuinfo', file, models: [], lines } };
  return { diagnostics: [error('import/unknown-format', 'the file is neither XML, JSON nor a `key : value` dump', fileStart(file),
    'give a QMP host-model expansion (JSON), `virsh domcapabilities` or `virsh capabilities` XML, or a /proc/cpuinfo')] };
}

/** The `key : value` lines of a text dump (others, such as blank lines, are skipped). */
function dumpLines(file: string, text: string): DumpLine[] {
  const pos = new TextPositions(file, text);
  const out: DumpLine[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = /^([^:\n]*[^\s:])\s*:\s?(.*)$/.exec(line.replace(/\r$/, ''));
    if (m) {
      const at = offset + line.indexOf(m[2]!, m[1]!.length);
      out.push({ key: m[1]!.trim(), value: m[2]!.trim(), span: pos.span(offset, offset + line.length), valueSpan: pos.span(at, at + m[2]!.length) });
    }
    offset += line.length + 1;
  }
  return out;
}
