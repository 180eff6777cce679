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

/** Another place the diagnostic is about, e.g. the first declaration of a duplicate. */
export interface Related {
  span: Span;
  /** Lowercase, no trailing period: "first declared here". */
  message: string;
}

export interface Diagnostic {
  /** Stable, never reused, `stage/kebab-name`, e.g. `check/unknown-feature`. */
  code: string;
  severity: Severity;
  /** Lowercase, no trailing period, user input in backticks. */
  message: string;
  span?: Span;
  /** A separate hint, e.g. "did you mean `vxeh`?". */
  help?: string;
  /** Other places that explain it (shown after the main one, as `note:` lines with their excerpt). */
  related?: Related[];
}

/** The diagnostic with another place attached. */
export function withRelated(d: Diagnostic, span: Span, message: string): Diagnostic {
  return { ...d, related: [...d.related ?? [], { span, message }] };
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
