/**
 * The one way cpumodel writes a file (the rule cache, `fmt --write`,
 * `test --update`): a reader sees the old file or the new one, never a part.
 *
 * 1. The target is the file a symbolic link points to: the link stays a
 *    link. A link to a missing file, or a target that is not a regular
 *    file, is refused.
 * 2. The new text goes to a temporary file beside the target, created
 *    exclusively (`wx`: O_CREAT | O_EXCL, which also refuses a planted
 *    symbolic link) under a random name, with the target's mode (fchmod, so
 *    the umask does not widen or narrow it; new files: `mode`, minus the umask).
 * 3. It is flushed (fsync), then, when `expect` is given, the target is read
 *    again and must still hold the bytes that were read (`write/changed`):
 *    an edit made meanwhile is never overwritten.
 * 4. It is renamed over the target, and the folder is flushed.
 *
 * A cache (`durable: false`) skips both flushes: the rename still makes the
 * write atomic for readers, and after a crash a cache file that lost its
 * bytes fails its own hash check and is rebuilt; a flush costs several
 * milliseconds, more than the rest of a cached run's write.
 *
 * On any failure the temporary file is removed, the target is unchanged and
 * a FileError with a `write/…` diagnostic is thrown.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { error } from '../diag/diagnostic.js';
import { fileDiagnostic, FileError, isLink, readRegular, stampOf, type FileStamp } from './files.js';

/** The file system calls of a write; tests inject failing ones. */
export interface WriteFs {
  openSync: (path: string, flags: string, mode: number) => number;
  writeSync: (fd: number, data: Buffer, offset: number) => number;
  fsyncSync: (fd: number) => void;
  fchmodSync: (fd: number, mode: number) => void;
  closeSync: (fd: number) => void;
  renameSync: (from: string, to: string) => void;
  unlinkSync: (path: string) => void;
}

const REAL_FS: WriteFs = { openSync, writeSync, fsyncSync, fchmodSync, closeSync, renameSync, unlinkSync };

export interface WriteOptions {
  /** The bytes the caller read (TextFile.stamp): refuse if the file holds others now. */
  expect?: FileStamp;
  /** The mode of a file that does not exist yet (default 0o644; the umask applies). */
  mode?: number;
  /** The name shown in diagnostics (default: the path). */
  name?: string;
  fs?: WriteFs;
  /** Flush the file and its folder to disk (default true; false for caches, see above). */
  durable?: boolean;
}

/** Replace `path` (or create it) with `data`, as described above. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const name = options.name ?? path;
  const fs = options.fs ?? REAL_FS;
  const { target, mode } = targetOf(path, name);
  let temp: string | undefined;
  let fd: number | undefined;
  try {
    ({ temp, fd } = createTemp(fs, target, mode ?? options.mode ?? 0o644));
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done);
    if (options.durable !== false) fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (options.expect) unchangedSince(target, name, options.expect);
    fs.renameSync(temp, target);
    temp = undefined;
    if (options.durable !== false) syncFolder(dirname(target));
  } catch (e) {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already failing */ }
    if (temp !== undefined) try { fs.unlinkSync(temp); } catch { /* never created */ }
    throw new FileError(fileDiagnostic(e, name, 'write'));
  }
}

/** The file to replace (links resolved) and its mode; undefined mode: a new file. */
function targetOf(path: string, name: string): { target: string; mode?: number } {
  let target: string;
  try {
    target = realpathSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new FileError(fileDiagnostic(e, name, 'write'));
    if (isLink(path)) throw new FileError(error('write/failed', `cannot write \`${name}\`: it is a symbolic link to a missing file`, undefined, 'check where the link points'));
    try {
      return { target: join(realpathSync(dirname(path)), basename(path)) };
    } catch (e2) {
      throw new FileError(fileDiagnostic(e2, name, 'write'));
    }
  }
  let st;
  try {
    st = statSync(target);
  } catch (e) {
    throw new FileError(fileDiagnostic(e, name, 'write'));
  }
  if (!st.isFile()) throw new FileError(error('write/failed', `cannot write \`${name}\`: it is not a regular file`, undefined, 'only regular files are replaced'));
  return { target, mode: st.mode & 0o777 };
}

/** A new, empty file beside `target`: `.NAME.RANDOM.tmp`, created exclusively. */
function createTemp(fs: WriteFs, target: string, mode: number): { temp: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      return { temp, fd: fs.openSync(temp, 'wx', mode) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw e;
    }
  }
}

function unchangedSince(target: string, name: string, expected: FileStamp): void {
  let now: FileStamp | undefined;
  try {
    now = stampOf(readRegular(target, name));
  } catch {
    now = undefined;
  }
  if (now?.size === expected.size && now.sha256 === expected.sha256) return;
  throw new FileError(error('write/changed', `\`${name}\` changed since it was read; not written`, undefined, 'run again: the changes are computed from the file as it is now'));
}

/** Flush the folder's entry for the rename; best effort (not every file system allows it). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* not supported here */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
