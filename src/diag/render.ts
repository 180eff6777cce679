import type { Diagnostic } from './diagnostic.js';
import { limitDiagnostics } from './limit.js';

/** Source texts by file name, so the renderer can quote the offending line. */
export type SourceMap = ReadonlyMap<string, string>;

/** Characters of the source line shown on each side of the column. */
export const EXCERPT_RADIUS = 60;

/** Where each line of a text starts; built once per text and render. */
type LineStarts = Map<string, number[]>;

function lineOf(text: string, line: number, cache: LineStarts): string {
  let starts = cache.get(text);
  if (!starts) {
    starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    cache.set(text, starts);
  }
  const start = starts[line - 1];
  if (start === undefined) return '';
  const end = starts[line];
  return text.slice(start, end === undefined ? text.length : end - 1);
}

/**
 * The source line around the column (at most EXCERPT_RADIUS characters each
 * side, `…` where it is cut) and the caret line under the span.
 */
export function excerpt(line: string, col: number, width: number): [string, string] {
  const from = Math.max(0, Math.min(col - 1 - EXCERPT_RADIUS, line.length - 2 * EXCERPT_RADIUS));
  const to = Math.min(line.length, from + 2 * EXCERPT_RADIUS);
  const head = from > 0 ? '…' : '';
  const shown = `${head}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
  const at = head.length + Math.max(0, col - 1 - from);
  const carets = Math.max(1, Math.min(width, to - (col - 1)));
  return [shown, `${' '.repeat(at)}${'^'.repeat(carets)}`];
}

function render(d: Diagnostic, sources: SourceMap, cache: LineStarts): string {
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : '';
  const out = [`${where}${d.severity}[${d.code}]: ${d.message}`];
  const text = d.span && sources.get(d.span.file);
  if (d.span && text !== undefined && text !== null) {
    const line = lineOf(text, d.span.line, cache);
    const [shown, carets] = excerpt(line, d.span.col, d.span.end - d.span.start);
    out.push(`  ${String(d.span.line).padStart(4)} | ${shown}`);
    out.push(`       | ${carets}`);
  }
  if (d.help) out.push(`  help: ${d.help}`);
  return out.join('\n');
}

/** `file:line:col: severity[code]: message`, the YAML line (an excerpt), a caret, `help:`. */
export function renderDiagnostic(d: Diagnostic, sources: SourceMap): string {
  return render(limitDiagnostics([d])[0]!, sources, new Map());
}

export function summaryLine(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** Every diagnostic (bounded: src/diag/limit.ts), sorted, then the count line of all of them. */
export function renderDiagnostics(diags: readonly Diagnostic[], sources: SourceMap): string {
  const cache: LineStarts = new Map();
  const body = limitDiagnostics(diags).map((d) => render(d, sources, cache));
  return [...body, summaryLine(diags)].join('\n');
}

/** The JSON form of `cpumodel check --format json`: the bounded diagnostics and the counts of all. */
export function diagnosticsJson(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const shown = limitDiagnostics(diags);
  const omitted = diags.length - shown.filter((d) => d.code !== 'diag/too-many').length;
  return JSON.stringify({ diagnostics: shown, summary: { errors, warnings: diags.length - errors, ...(omitted ? { omitted } : {}) } }, null, 2);
}
