/** The comment block an imported description starts with: where it came from, and what it could not tell. */
import { KIND_TEXT, type HostEvidence } from './evidence.js';
import type { HostImport } from '../target/types.js';

const comment = (text: string) => text.split(/\r\n|\r|\n/).map((l) => `# ${l}`.trimEnd());

export function provenanceHeader(evidence: HostEvidence, result: HostImport, at: { date: string; source: string }): string {
  const model = evidence.models[0];
  const lines = [
    `Imported by \`cpumodel host import\` on ${at.date} from ${at.source}`,
    `(${KIND_TEXT[evidence.kind]}${model ? `; host model \`${model.name}\`, ${Object.keys(model.props).length} props` : ''}${evidence.qemu ? `; QEMU ${evidence.qemu}` : ''}).`,
    ...(result.unknowns.length ? ['Not known from this input (assumed instead):', ...result.unknowns.map((u) => `  - ${u}`)] : []),
  ];
  return `${lines.flatMap(comment).join('\n')}\n`;
}
