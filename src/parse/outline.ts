import type { Span } from '../diag/diagnostic.js';

/**
 * The files a rule set was read from and where each top-level section was
 * written: what a diagnostic about something the rule set *lacks* (no
 * profile, no TCG maximum model) points at, since there is no node of its own.
 */
export interface Outline {
  files: string[];
  /** Every top-level key of every file, in reading order, with the key's span. */
  sections: { key: string; span: Span }[];
  /** Files that did not parse (YAML syntax errors): what they declare is unknown. */
  unread: string[];
  /** Names (or ids) of entries that were not read whole: declared, though their entries are dropped. */
  partial: string[];
}

export const emptyOutline = (): Outline => ({ files: [], sections: [], unread: [], partial: [] });

/**
 * Whether a reference to `name` may be reported as unknown: not when its
 * entry was declared but not read whole, nor when some file was not read
 * at all (it may declare the name). Parse errors are reported already; the
 * check then reports only what the parts that parsed show.
 */
export const mayReportUnknown = (outline: Outline, name: string): boolean =>
  outline.unread.length === 0 && !outline.partial.includes(name);

/** Line 1, column 1 of a file, as a span. */
export const fileStart = (file: string): Span => ({ file, line: 1, col: 1, start: 0, end: 0 });

/**
 * Where to report that the rule set lacks `key`: the key itself when it is
 * written with nothing under it (`profiles: []`); else the closest section
 * that is written (`near`, most related first); else the start of the first
 * file whose name matches `file` (the file that should hold it), else of
 * the first file. Undefined only when no file was read at all.
 */
export function placeOfMissing(outline: Outline, key: string, near: readonly string[] = [], file?: RegExp): Span | undefined {
  for (const k of [key, ...near]) {
    const hit = outline.sections.find((s) => s.key === k);
    if (hit) return hit.span;
  }
  const holder = (file && outline.files.find((f) => file.test(f))) ?? outline.files[0];
  return holder === undefined ? undefined : fileStart(holder);
}
