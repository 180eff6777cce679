import type { Diagnostic, Span } from './diagnostic.js';
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

/** The source line of a span and its caret line, when the text is known. */
function quoteSpan(span: Span, sources: SourceMap, cache: LineStarts): string[] {
  const text = sources.get(span.file);
  if (text === undefined || text === null) return [];
  const [shown, carets] = excerpt(lineOf(text, span.line, cache), span.col, span.end - span.start);
  return [`  ${String(span.line).padStart(4)} | ${shown}`, `       | ${carets}`];
}

const place = (s: Span) => `${s.file}:${s.line}:${s.col}`;

function render(d: Diagnostic, sources: SourceMap, cache: LineStarts): string {
  const where = d.span ? `${place(d.span)}: ` : '';
  const out = [`${where}${d.severity}[${d.code}]: ${d.message}`];
  if (d.span) out.push(...quoteSpan(d.span, sources, cache));
  for (const r of d.related ?? []) out.push(`  note: ${place(r.span)}: ${r.message}`, ...quoteSpan(r.span, sources, cache));
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
