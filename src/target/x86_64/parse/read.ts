import { isMap, isScalar, type Node } from 'yaml';
import { error } from '../../../diag/diagnostic.js';
import type { FileReader } from '../../../parse/reader.js';
import { didYouMean } from '../../../util/fuzzy.js';
import type { BitList, Located, Name, PropDecl, X86Ast } from '../ast.js';

/**
 * Shape readers the x86_64 sections share, on top of the shared FileReader:
 * versioned entries, bit lists, props maps and enumerations. Every shape
 * problem becomes a diagnostic; readers return undefined instead of throwing.
 */
export type Fields = Map<string, Node>;

/** A reader for one top-level section. */
export type SectionReader = (r: FileReader, node: Node, ast: X86Ast) => void;

/** Every list entry may carry these. */
export const VERSIONED = ['since', 'until'] as const;

/** Read each mapping of a list with its allowed and required keys. */
export function each(r: FileReader, node: Node | null | undefined, what: string, allowed: readonly string[],
  required: readonly string[], fn: (f: Fields, item: Node) => void): void {
  for (const item of r.list(node, what)) {
    r.entry(item, () => {
      const f = r.fields(item, `an entry of \`${what}\``, allowed, required);
      if (f) fn(f, item);
    });
  }
}

/** `since` and `until` of an entry. */
export function versioned(r: FileReader, f: Fields): { since?: Located<string>; until?: Located<string> } {
  const out: { since?: Located<string>; until?: Located<string> } = {};
  const since = r.version(f.get('since'), 'since');
  const until = r.version(f.get('until'), 'until');
  if (since) out.since = since;
  if (until) out.until = until;
  return out;
}

/** A list of bit numbers and inclusive ranges such as "0-31". */
export function bitList(r: FileReader, node: Node | undefined, what: string): BitList {
  const out: BitList = [];
  for (const item of r.list(node, what)) {
    const span = r.span(item);
    const value = isScalar(item) ? item.value : undefined;
    const range = typeof value === 'string' ? /^(\d+)-(\d+)$/.exec(value) : null;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) out.push({ value, span });
    else if (range && Number(range[1]) <= Number(range[2])) out.push({ value: value as string, span });
    else {
      r.diags.push(error('parse/bad-bit-list', `\`${String(value ?? '…')}\` in ${what} is neither a bit number nor a range like "0-31"`,
        span, 'write bits as integers and ranges as strings: [0, "2-5"]'));
    }
  }
  return out;
}

/** A scalar that is a boolean, a safe integer or a string. */
export function scalar(r: FileReader, node: Node | undefined, what: string): Located<boolean | number | string> | undefined {
  if (node === undefined) return undefined;
  const span = r.span(node);
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (Number.isSafeInteger(value)) return { value, span };
    r.diags.push(error('parse/unsafe-integer', `the integer for ${what} is above 2^53 and would lose precision`, span,
      'write it as a decimal string: "18446744073709551552"'));
    return undefined;
  }
  if (typeof value === 'boolean' || typeof value === 'string') return { value, span };
  r.diags.push(error('parse/expected-scalar', `expected true, false, an integer or a string for ${what}`, span));
  return undefined;
}

/** A `props` map, in the order written. */
export function props(r: FileReader, node: Node | undefined, what: string): PropDecl[] {
  if (node === undefined) return [];
  if (!isMap(node)) {
    r.diags.push(error('parse/expected-map', `expected a mapping for ${what}`, r.span(node)));
    return [];
  }
  const out: PropDecl[] = [];
  for (const pair of node.items) {
    const key = r.str(pair.key as Node, `a key of ${what}`);
    const value = scalar(r, pair.value as Node, key ? `\`${key.value}\`` : what);
    if (key && value) out.push({ key, value });
  }
  return out;
}

/** A string that must be one of a few words. */
export function oneOf<T extends string>(r: FileReader, node: Node | undefined, what: string, allowed: readonly T[]): Located<T> | undefined {
  const v = r.str(node, what);
  if (!v) return undefined;
  if ((allowed as readonly string[]).includes(v.value)) return v as Located<T>;
  r.diags.push(error('parse/bad-value', `\`${v.value}\` is not a valid ${what}`, v.span,
    didYouMean(v.value, allowed) ?? `expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}`));
  return undefined;
}

/** A name that is required: undefined (already reported) when missing or not a string. */
export function name(r: FileReader, f: Fields, key: string): Name | undefined {
  return r.str(f.get(key), key);
}
