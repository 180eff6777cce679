import { type Diagnostic, sortDiagnostics } from './diagnostic.js';

/** Source texts by file name, so the renderer can quote the offending line. */
export type SourceMap = ReadonlyMap<string, string>;

/** `file:line:col: severity[code]: message`, the YAML line, a caret, `help:`. */
export function renderDiagnostic(d: Diagnostic, sources: SourceMap): string {
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : '';
  const out = [`${where}${d.severity}[${d.code}]: ${d.message}`];
  const text = d.span && sources.get(d.span.file);
  if (d.span && text !== undefined && text !== null) {
    const line = text.split('\n')[d.span.line - 1] ?? '';
    const width = Math.max(1, Math.min(d.span.end - d.span.start, line.length - d.span.col + 1));
    out.push(`  ${String(d.span.line).padStart(4)} | ${line}`);
    out.push(`       | ${' '.repeat(d.span.col - 1)}${'^'.repeat(width)}`);
  }
  if (d.help) out.push(`  help: ${d.help}`);
  return out.join('\n');
}

export function summaryLine(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function renderDiagnostics(diags: readonly Diagnostic[], sources: SourceMap): string {
  const body = sortDiagnostics(diags).map((d) => renderDiagnostic(d, sources));
  return [...body, summaryLine(diags)].join('\n');
}
