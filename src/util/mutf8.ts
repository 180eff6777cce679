/**
 * QEMU keeps strings as C strings in "modified UTF-8": UTF-8 in which U+0000
 * is written as the overlong pair C0 80, so that no string holds a zero byte.
 * These helpers decode and encode that form with QEMU's validity rules.
 */

/** False for surrogates, the 66 noncharacters and anything past U+10FFFF. */
export function isValidCodepoint(cp: number): boolean {
  if (cp < 0 || cp > 0x10ffff) return false;
  if ((cp & 0xfffe) === 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef)) return false;
  return cp < 0xd800 || cp > 0xdfff;
}

const MIN_CP = [0x80, 0x800, 0x10000, 0x200000, 0x4000000];

/**
 * Decodes one sequence at `pos`. `cp` is -1 for an invalid sequence; `end` is
 * where decoding resumes: after a lone bad byte, or after however many
 * continuation bytes were present. A zero byte (or the end) counts as the
 * end of the C string.
 */
export function modUtf8Codepoint(bytes: Uint8Array, pos: number): { cp: number; end: number } {
  const lead = bytes[pos] ?? 0;
  if (lead === 0) return { cp: -1, end: pos };
  if (lead < 0x80) return { cp: lead, end: pos + 1 };
  if (lead >= 0xfe || (lead & 0x40) === 0) return { cp: -1, end: pos + 1 };
  let len = 0;
  let mask = 0x80;
  for (; lead & mask; mask >>= 1) len++;
  let cp = lead & (mask - 1);
  let p = pos + 1;
  for (let i = 1; i < len; i++, p++) {
    const byte = bytes[p] ?? 0;
    if ((byte & 0xc0) !== 0x80) return { cp: -1, end: p };
    cp = cp * 64 + (byte & 0x3f);
  }
  const overlong = cp < MIN_CP[len - 2]! && !(cp === 0 && len === 2);
  return { cp: isValidCodepoint(cp) && !overlong ? cp : -1, end: p };
}

/**
 * What QEMU's JSON writer makes of raw bytes: text up to the first zero byte,
 * each invalid sequence replaced by one U+FFFD.
 */
export function decodeLossy(bytes: Uint8Array): string {
  let out = '';
  for (let pos = 0; pos < bytes.length && bytes[pos] !== 0; ) {
    const { cp, end } = modUtf8Codepoint(bytes, pos);
    out += String.fromCodePoint(cp < 0 ? 0xfffd : cp);
    pos = end;
  }
  return out;
}

const utf8 = new TextEncoder();

/** The bytes QEMU holds for a JS string (U+0000 becomes C0 80). */
export function encodeModUtf8(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  if (!bytes.includes(0)) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 0) out.push(0xc0, 0x80);
    else out.push(b);
  }
  return Uint8Array.from(out);
}
