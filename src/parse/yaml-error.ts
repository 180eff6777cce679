/**
 * YAML syntax errors in cpumodel's words, at the place of the real problem:
 * the yaml library's error codes mapped to our messages, and its positions
 * moved where it reports the symptom (the line after an unclosed `{`, `[`
 * or `"`, column 1 of an indented line). Shared by the parser
 * (src/parse/reader.ts) and the formatter (src/fmt/format.ts).
 */
export interface YamlLibraryError {
  code: string;
  message: string;
  pos: [number, number];
}

export interface YamlProblem {
  message: string;
  /** Offsets of the problem in the text: [start, end). */
  start: number;
  end: number;
}

/** The hint of a YAML syntax diagnostic. */
export const YAML_SYNTAX_HELP = 'fix the YAML here; the rest of the file is not read until it parses';

/** The start of the line holding `at`, and its end (before the newline). */
function lineAround(text: string, at: number): [number, number] {
  const start = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
  const nl = text.indexOf('\n', start);
  return [start, nl < 0 ? text.length : nl];
}

/** The last `open` before `at` that no `close` after it closes (quoted text and comments skipped). */
function unclosed(text: string, at: number, open: string, close: string): number | undefined {
  const stack: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < at; i++) {
    const c = text[i]!;
    if (quote) { if (c === quote && text[i - 1] !== '\\') quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) i = lineAround(text, i)[1];
    else if (c === open) stack.push(i);
    else if (c === close) stack.pop();
  }
  return stack.at(-1);
}

/** The last `"` before `at` that opens a string left open (an odd count on its line). */
function openQuote(text: string, at: number): number | undefined {
  for (let end = at; end > 0;) {
    const [start, stop] = lineAround(text, end - 1);
    const line = text.slice(start, Math.min(stop, at));
    const quotes = [...line.matchAll(/(?<!\\)"/g)];
    if (quotes.length % 2 === 1) return start + quotes.at(-1)!.index!;
    end = start;
  }
  return undefined;
}

/** From column 1 of an indented line to its first character; else unchanged. */
function firstCharacter(text: string, at: number): number {
  const [start, stop] = lineAround(text, at + 1);
  if (at !== start) return at;
  const indent = /^[ \t]*/.exec(text.slice(start, stop))![0].length;
  return start + Math.min(indent, Math.max(0, stop - start - 1));
}

type Mapper = (e: YamlLibraryError, text: string) => YamlProblem | undefined;

const bracket = (open: string, close: string, what: string): Mapper => (e, text) => {
  const at = unclosed(text, e.pos[0], open, close);
  return at === undefined ? undefined
    : { message: `this \`${open}\` is never closed: the ${what} needs a \`${close}\` before the next entry`, start: at, end: at + 1 };
};

/** Our message and place per library error code; undefined keeps the library's, lower case. */
const MAPPERS: Readonly<Record<string, Mapper>> = {
  BAD_INDENT: (e, text) => {
    if (/flow map/i.test(e.message)) return bracket('{', '}', 'flow mapping')(e, text);
    if (/flow seq/i.test(e.message)) return bracket('[', ']', 'flow list')(e, text);
    if (!/same column/i.test(e.message)) return undefined;
    const at = firstCharacter(text, e.pos[0]);
    return { message: 'this key does not line up with the keys above it: keys of one mapping start in the same column', start: at, end: at + 1 };
  },
  MISSING_CHAR: (e, text) => {
    if (/quote/i.test(e.message)) {
      const at = openQuote(text, e.pos[0]);
      return at === undefined ? undefined : { message: 'this `"` opens a string that is never closed', start: at, end: at + 1 };
    }
    if (/without - indicator/i.test(e.message)) {
      const at = firstCharacter(text, e.pos[0]);
      return { message: 'this line does not line up with the keys of the entry above: indent it like them, or start a new entry with `- `', start: at, end: lineAround(text, at)[1] };
    }
    return undefined;
  },
  TAB_AS_INDENT: (e, text) => {
    const [start, stop] = lineAround(text, e.pos[0] + 1);
    const at = text.slice(start, stop).indexOf('\t');
    return { message: 'a tab indents this line: YAML indents with spaces only', start: start + Math.max(0, at), end: start + Math.max(0, at) + 1 };
  },
  DUPLICATE_KEY: (e) => ({ message: 'this key is repeated in the same mapping: keep one of them', start: e.pos[0], end: e.pos[1] }),
  BLOCK_AS_IMPLICIT_KEY: (e) => ({ message: 'a `key:` inside this value: put an inner mapping in `{…}` or on lines of its own, or line the key up with those above', start: e.pos[0], end: e.pos[1] }),
  BAD_DQ_ESCAPE: (e) => ({ message: `${e.message.split('\n')[0]!.toLowerCase().replace(/\\(\S+)/, '`\\$1`')} in a "…" string: write \`\\\\\` for a backslash, or use '…'`, start: e.pos[0], end: e.pos[1] }),
  MULTILINE_IMPLICIT_KEY: (e) => ({ message: 'a key must be on one line: is a `:` missing after it?', start: e.pos[0], end: e.pos[1] }),
};

/** The library's text: its first line, lower case; "maximum call stack size exceeded" said as what it means. */
export function yamlErrorText(e: { message: string }): string {
  const first = e.message.split('\n')[0]!.toLowerCase();
  return /maximum call stack size exceeded/.test(first) ? 'the YAML nests too deeply to be read (thousands of levels)' : first;
}

/** A YAML library error as cpumodel reports it: our words, the place of the real problem. */
export function describeYamlError(e: YamlLibraryError, text: string): YamlProblem {
  const mapped = MAPPERS[e.code]?.(e, text);
  if (mapped) return mapped;
  const start = firstCharacter(text, e.pos[0]);
  return { message: yamlErrorText(e), start, end: Math.max(start + 1, e.pos[1]) };
}

/** Every error as cpumodel reports it, one per place (the library may report one place twice). */
export function describeYamlErrors(errors: readonly YamlLibraryError[], text: string): YamlProblem[] {
  const places = new Set<number>();
  return errors.map((e) => describeYamlError(e, text)).filter((p) => !places.has(p.start) && places.add(p.start));
}
