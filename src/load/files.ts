/**
 * The one way to read a file the user hands us (rule files, environment
 * descriptions, suites, patches) and the rule cache:
 *
 * - symbolic links are resolved; what is read must be a regular file
 *   (a FIFO, a device, a socket or a folder is `load/not-a-file`);
 * - opened with O_NONBLOCK, so opening a FIFO never waits for a writer, and
 *   the type is checked on the open descriptor (fstat) before any read;
 * - at most MAX_FILE_BYTES are read (`load/too-large`), also when the size
 *   the file system reports is wrong (files under /proc report 0);
 * - UTF-8 only (`load/not-utf8`, at the first bad byte); a BOM is dropped;
 * - line ends become LF (CRLF and a lone CR alike), so every later stage
 *   sees one kind; `eol` and `bom` say what the file had, for writing back.
 *
 * Failures are diagnostics with the path, a stable code and a hint
 * (`fileDiagnostic`), never exceptions with an errno text.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { error, type Diagnostic } from '../diag/diagnostic.js';

/** The largest file read: 16 MiB, far above any rule file (the built-in ones are under 100 KiB). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** What was read, to check before writing back that nobody changed it meanwhile. */
export interface FileStamp {
  size: number;
  /** SHA-256 of the bytes read, hex. */
  sha256: string;
}

export interface TextFile {
  /** The name shown in diagnostics (as the caller gave it). */
  name: string;
  /** The file read: the path with every symbolic link resolved. */
  path: string;
  /** UTF-8 decoded, BOM dropped, line ends LF. */
  text: string;
  /** Did the file start with a UTF-8 BOM? */
  bom: boolean;
  /** The file's first line end ('\n' when it has none). */
  eol: '\n' | '\r\n' | '\r';
  stamp: FileStamp;
}

export type ReadResult = { file: TextFile } | { diagnostic: Diagnostic };

/** A file problem as an exception, for callers that cannot return one (see `fileDiagnostic`). */
export class FileError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** The codes of the diagnostics this module gives: the input could not be read (or written) at all. */
export const FILE_CODES: readonly string[] = ['load/not-found', 'load/no-rule-files', 'load/unreadable', 'load/not-a-file', 'load/too-large', 'load/not-utf8', 'write/failed', 'write/changed'];

export const isFileProblem = (d: Diagnostic): boolean => FILE_CODES.includes(d.code);

const O_READ = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** Read a text file as described above; `name` is the path shown in diagnostics (default: `path`). */
export function readTextFile(path: string, name = path, maxBytes = MAX_FILE_BYTES): ReadResult {
  let real: string;
  let bytes: Buffer;
  try {
    real = realpathSync(path);
    bytes = readRegular(real, name, maxBytes);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT' && isLink(path)) {
      return { diagnostic: error('load/not-found', `cannot read \`${name}\`: it is a symbolic link to a missing file`, undefined, 'check where the link points') };
    }
    return { diagnostic: fileDiagnostic(e, name, 'read') };
  }
  return decode(bytes, name, real);
}

/** `readTextFile`, throwing a FileError. */
export function readTextFileOrThrow(path: string, name = path, maxBytes = MAX_FILE_BYTES): TextFile {
  const r = readTextFile(path, name, maxBytes);
  if ('diagnostic' in r) throw new FileError(r.diagnostic);
  return r.file;
}

/** The bytes of a regular file, at most `maxBytes` (FileError otherwise). */
export function readRegular(path: string, name: string, maxBytes = MAX_FILE_BYTES): Buffer {
  const fd = openSync(path, O_READ);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileError(notAFile(name, st));
    if (st.size > maxBytes) throw new FileError(tooLarge(name, maxBytes));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new FileError(tooLarge(name, maxBytes));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Is `path` itself a symbolic link (false when it cannot be examined)? */
export function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function stampOf(bytes: Uint8Array): FileStamp {
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const BOM = [0xef, 0xbb, 0xbf];

function decode(bytes: Buffer, name: string, path: string): ReadResult {
  const stamp = stampOf(bytes);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { diagnostic: error('load/not-utf8', `\`${name}\` is UTF-16 text, not UTF-8`, undefined, 'save the file as UTF-8') };
  }
  const bom = BOM.every((b, i) => bytes[i] === b);
  const body = bom ? bytes.subarray(3) : bytes;
  const raw = body.toString('utf8');
  const bad = firstInvalid(raw, body);
  if (bad !== undefined) {
    const before = raw.slice(0, bad.index).replace(/\r\n?/g, '\n');
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    const span = { file: name, line, col, start: before.length, end: before.length + 1 };
    return { diagnostic: error('load/not-utf8', `\`${name}\` is not UTF-8 text: invalid byte 0x${bad.byte.toString(16).padStart(2, '0')}`, span, 'save the file as UTF-8') };
  }
  const eol = /\r\n|\r|\n/.exec(raw)?.[0] as TextFile['eol'] | undefined;
  return { file: { name, path, text: raw.replace(/\r\n?/g, '\n'), bom, eol: eol ?? '\n', stamp } };
}

/** The first U+FFFD of `text` that does not stand for the bytes EF BF BD: an invalid sequence, with its first byte. */
function firstInvalid(text: string, bytes: Buffer): { index: number; byte: number } | undefined {
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    const at = Buffer.byteLength(text.slice(0, i), 'utf8');
    if (!(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)) return { index: i, byte: bytes[at]! };
  }
  return undefined;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function notAFile(name: string, st: Stats): Diagnostic {
  return error('load/not-a-file', `\`${name}\` is ${kindOf(st)}, not a regular file`, undefined,
    'rule files, environment descriptions, suites and patches are read only from regular files');
}

function tooLarge(name: string, maxBytes: number): Diagnostic {
  return error('load/too-large', `\`${name}\` is larger than ${maxBytes / (1024 * 1024)} MiB`, undefined,
    'is this the right file? rule files, environment descriptions, suites and patches are at most 16 MiB (MAX_FILE_BYTES)');
}

const errnoOf = (e: unknown): string | undefined => (typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : undefined);

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist', ENOTDIR: 'a part of the path is not a folder', EACCES: 'permission denied', EPERM: 'operation not permitted',
  EISDIR: 'it is a folder', ELOOP: 'too many levels of symbolic links', ENAMETOOLONG: 'the name is too long', ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded', EROFS: 'the file system is read-only', EIO: 'an input/output error', EMFILE: 'too many open files',
  EBUSY: 'the file is busy', ETXTBSY: 'the file is busy', EEXIST: 'a file of that name appeared meanwhile', EXDEV: 'it is on another file system',
};

const WRITE_HINTS: Readonly<Record<string, string>> = {
  ENOSPC: 'free some space and run again; the file is unchanged',
  EDQUOT: 'free some space and run again; the file is unchanged',
  EROFS: 'the file is unchanged; copy the files to a writable folder to change them',
  EACCES: 'the file is unchanged; writing needs permission to create a file in its folder',
  EPERM: 'the file is unchanged; writing needs permission to create a file in its folder',
};

/** An I/O failure (an errno exception, or anything else) as a diagnostic about `name`. */
export function fileDiagnostic(e: unknown, name: string, op: 'read' | 'write'): Diagnostic {
  if (e instanceof FileError) return e.diagnostic;
  const code = errnoOf(e);
  const reason = (code && REASONS[code]) ?? (e instanceof Error ? e.message : String(e));
  const tag = code ? ` (${code})` : '';
  if (op === 'write') return error('write/failed', `cannot write \`${name}\`: ${reason}${tag}`, undefined, (code && WRITE_HINTS[code]) ?? 'the file is unchanged');
  if (code === 'ENOENT' || code === 'ENOTDIR') return error('load/not-found', `cannot read \`${name}\`: ${reason}`, undefined, 'check the path');
  if (code === 'EISDIR') return error('load/not-a-file', `\`${name}\` is a folder, not a regular file`, undefined, 'give a .yaml file, or a folder where folders are allowed');
  return error('load/unreadable', `cannot read \`${name}\`: ${reason}${tag}`, undefined,
    code === 'EACCES' || code === 'EPERM' ? 'check the permissions of the file and its folders' : 'check the file and run again');
}
