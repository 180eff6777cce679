import { sortDiagnostics, type Diagnostic, type Span } from './diagnostic.js';

/**
 * Output bounds that hold for every producer of diagnostics (hostile input
 * must not turn into hostile output): at most MAX_PER_FILE diagnostics per
 * file, then one `diag/too-many` that counts the rest; messages and hints
 * clipped to MAX_TEXT characters. The count line still counts everything.
 */
export const MAX_PER_FILE = 50;
export const MAX_TEXT = 500;
/** Related places shown per diagnostic. */
export const MAX_RELATED = 3;

/** `text` cut to `max` characters, ending in `…` when cut. */
export function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function tooMany(omitted: readonly Diagnostic[]): Diagnostic {
  const errors = omitted.filter((d) => d.severity === 'error').length;
  const first = omitted[0]!.span;
  const span: Span | undefined = first && { ...first, end: first.start };
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return {
    code: 'diag/too-many',
    severity: errors > 0 ? 'error' : 'warning',
    message: `… and ${omitted.length} more ${first ? 'in this file' : 'without a file'} (${plural(errors, 'error')}, ${plural(omitted.length - errors, 'warning')}), the first of them here`,
    span,
    help: `only the first ${MAX_PER_FILE} per file are shown: fix those and run again`,
  };
}

/**
 * The diagnostics to show, in the renderers' order: sorted, at most `max`
 * per file (diagnostics without a file count as one more file), each with
 * its message and hint clipped.
 */
export function limitDiagnostics(diags: readonly Diagnostic[], max = MAX_PER_FILE): Diagnostic[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of sortDiagnostics(diags)) {
    const key = d.span?.file ?? '';
    const list = byFile.get(key) ?? [];
    list.push(d);
    byFile.set(key, list);
  }
  const out: Diagnostic[] = [];
  for (const list of byFile.values()) {
    for (const d of list.slice(0, max)) {
      out.push({ ...d, message: clip(d.message), ...(d.help === undefined ? {} : { help: clip(d.help) }),
        ...(d.related ? { related: d.related.slice(0, MAX_RELATED).map((r) => ({ span: r.span, message: clip(r.message) })) } : {}) });
    }
    if (list.length > max) out.push(tooMany(list.slice(max)));
  }
  return out;
}
