/** Diagnostics are data: a stable code, a location, a message and a hint. */
export interface Span {
  file: string;
  /** 1-based line and column of the first character. */
  line: number;
  col: number;
  /** Byte offsets into the file's text: [start, end). */
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable, never reused, `stage/kebab-name`, e.g. `check/unknown-feature`. */
  code: string;
  severity: Severity;
  /** Lowercase, no trailing period, user input in backticks. */
  message: string;
  span?: Span;
  /** A separate hint, e.g. "did you mean `vxeh`?". */
  help?: string;
}

export function error(code: string, message: string, span?: Span, help?: string): Diagnostic {
  return { code, severity: 'error', message, span, help };
}

export function warning(code: string, message: string, span?: Span, help?: string): Diagnostic {
  return { code, severity: 'warning', message, span, help };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Sort by file, then position, then code: the order every renderer uses. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) =>
    (a.span?.file ?? '').localeCompare(b.span?.file ?? '') ||
    (a.span?.start ?? -1) - (b.span?.start ?? -1) ||
    a.code.localeCompare(b.code));
}
