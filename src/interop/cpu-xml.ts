/**
 * libvirt's CPU XML in: the `<cpu>` element of a file (a bare `<cpu>`, a
 * domain XML, `virsh capabilities`' host `<cpu>`, or a baseline result), read
 * into the data a target maps to a model (LibvirtMapping). Shared code: what
 * the XML means for a model is the target's business.
 */
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import type { LibvirtCpu, LibvirtMatch, LibvirtMode, LibvirtPolicy, LibvirtProblem } from '../target/types.js';
import { parseXml, type XmlElement } from '../util/xml.js';

const MODES: readonly LibvirtMode[] = ['custom', 'host-model', 'host-passthrough', 'maximum'];
const MATCHES: readonly LibvirtMatch[] = ['exact', 'minimum', 'strict'];
const POLICIES: readonly LibvirtPolicy[] = ['force', 'require', 'optional', 'disable', 'forbid'];
const FALLBACKS = ['allow', 'forbid'] as const;
const ON_OFF = ['on', 'off'] as const;

/** A `<cpu>` read from a file, with the spans of its parts for the target's problems. */
export interface ReadCpu {
  cpu: LibvirtCpu;
  spans: { cpu: Span; mode: Span; match: Span; model: Span; deprecated: Span; features: Span[] };
}

/** The span of [start, end) in `text` of file `file`, with 1-based line and column. */
export function spanAt(file: string, text: string, start: number, end = start + 1): Span {
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  return { file, line, col: start - before.lastIndexOf('\n'), start, end: Math.max(end, start) };
}

/** Does a file's text look like XML (its first non-blank character is `<`)? */
export const looksLikeXml = (text: string) => /^\uFEFF?\s*</.test(text);

/** Read the `<cpu>` of an XML document: the root, else the first one in document order. */
export function readCpuXml(file: string, text: string): ReadCpu | { diagnostics: Diagnostic[] } {
  const parsed = parseXml(text);
  if ('problem' in parsed) {
    const p = parsed.problem;
    return { diagnostics: [error('xml/malformed', `malformed xml: ${p.message}`, spanAt(file, text, p.offset), p.help)] };
  }
  const cpu = findCpu(parsed.root);
  if (!cpu) {
    return { diagnostics: [error('xml/no-cpu', `no \`<cpu>\` element in \`<${parsed.root.name}>\``, spanAt(file, text, parsed.root.start, parsed.root.end),
      "give a libvirt `<cpu>`, e.g. `<cpu match='exact'><model>z14</model></cpu>`, or a domain xml that has one")] };
  }
  return new CpuReader(file, text).read(cpu);
}

function findCpu(el: XmlElement): XmlElement | undefined {
  if (el.name === 'cpu') return el;
  for (const child of el.children) {
    const found = findCpu(child);
    if (found) return found;
  }
  return undefined;
}

class CpuReader {
  private readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly file: string, private readonly text: string) {}

  read(el: XmlElement): ReadCpu | { diagnostics: Diagnostic[] } {
    const model = el.children.find((c) => c.name === 'model');
    const features = el.children.filter((c) => c.name === 'feature');
    const modelName = model?.text.trim();
    const cpu: LibvirtCpu = {
      // Without `mode`, a `<cpu>` with a model is custom; libvirt's host `<cpu>` (capabilities) has none either.
      mode: this.choice(el, 'mode', MODES, 'custom'),
      match: this.choice(el, 'match', MATCHES, 'exact'),
      ...(model && modelName ? { model: { name: modelName, fallback: this.choice(model, 'fallback', FALLBACKS, 'allow') } } : {}),
      features: features.map((f) => ({ policy: this.choice(f, 'policy', POLICIES, 'require'), name: this.featureName(f) })),
      ...(el.attrs.has('deprecated_features') ? { deprecatedFeatures: this.choice(el, 'deprecated_features', ON_OFF, 'on') } : {}),
    };
    if (model && !modelName) this.diagnostics.push(error('xml/empty-model', '`<model>` names no model', this.span(model), 'write the model name inside it, e.g. `<model>z14</model>`'));
    if (this.diagnostics.length > 0) return { diagnostics: this.diagnostics };
    const at = (e: XmlElement, attr: string) => this.attrSpan(e, attr);
    return { cpu, spans: { cpu: this.span(el), mode: at(el, 'mode'), match: at(el, 'match'), deprecated: at(el, 'deprecated_features'), model: model ? this.span(model) : this.span(el), features: features.map((f) => at(f, 'policy')) } };
  }

  private choice<T extends string>(el: XmlElement, attr: string, allowed: readonly T[], absent: T): T {
    const a = el.attrs.get(attr);
    if (a === undefined) return absent;
    if ((allowed as readonly string[]).includes(a.value)) return a.value as T;
    this.diagnostics.push(error('xml/invalid-attribute', `invalid ${attr} \`${a.value}\` on \`<${el.name}>\``, spanAt(this.file, this.text, a.start, a.end),
      `libvirt accepts ${allowed.map((v) => `\`${v}\``).join(', ')}`));
    return absent;
  }

  private featureName(f: XmlElement): string {
    const name = f.attrs.get('name')?.value;
    if (name) return name;
    this.diagnostics.push(error('xml/feature-without-name', '`<feature>` has no `name`', this.span(f), "write `<feature policy='require' name='vx'/>`"));
    return '';
  }

  private span(el: XmlElement): Span {
    return spanAt(this.file, this.text, el.start, el.end);
  }

  private attrSpan(el: XmlElement, attr: string): Span {
    const a = el.attrs.get(attr);
    return a ? spanAt(this.file, this.text, a.start, a.end) : this.span(el);
  }
}

/** A target's problems with a `<cpu>` as diagnostics at the parts they are about. */
export function problemDiagnostics(read: ReadCpu, problems: readonly LibvirtProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const span = typeof p.at === 'object' ? read.spans.features[p.at.feature] ?? read.spans.cpu : read.spans[p.at];
    return error('xml/unsupported', p.message, span, p.help);
  });
}
