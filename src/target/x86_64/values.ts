/**
 * Property values written as text (machine compat globals, `-cpu key=value`),
 * read the way QEMU's string input visitor reads them. Shared by the compiler
 * (compat props) and the engine (the `-cpu` order).
 */

export { parseBoolText } from '../../util/cpu-spec.js';

/** An integer as strtoll/strtoull with base 0 reads it: decimal, 0x hex or 0 octal, optional sign. */
export function parseIntText(text: string): bigint | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2]!;
  const magnitude = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  return m[1] === '-' ? -magnitude : magnitude;
}

/** A stored integer: a JS number while exact, a bigint above 2^53. */
export function storeInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
