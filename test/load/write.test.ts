import * as fs from 'node:fs';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileError, readTextFile } from '../../src/load/files.js';
import { writeFileAtomic, type WriteFs } from '../../src/load/write.js';

/**
 * The one writer (src/load/write.ts): a temporary file beside the target,
 * created exclusively under a random name, with the target's mode, flushed,
 * renamed over the file a link points to; nothing left behind on failure;
 * and never over an edit made since the file was read.
 */
const OLD = 'dependencies:\n  - requires: vx\n    feature: vxeh\n';
const NEW = 'dependencies:\n  - {feature: vxeh, requires: vx}\n';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function folder(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'cpumodel-write-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const REAL: WriteFs = {
  openSync: (p, f, m) => fs.openSync(p, f, m), writeSync: (fd, data, offset) => fs.writeSync(fd, data, offset),
  fsyncSync: fs.fsyncSync, fchmodSync: fs.fchmodSync, closeSync: fs.closeSync, renameSync: fs.renameSync, unlinkSync: fs.unlinkSync,
};

const errno = (code: string, syscall: string) => Object.assign(new Error(`${code}: injected, ${syscall}`), { code, syscall });
const failing = (call: keyof WriteFs, e: Error = new Error(`injected ${call} failure`)): WriteFs => ({ ...REAL, [call]: () => { throw e; } });

function thrown(f: () => void): FileError {
  try {
    f();
  } catch (e) {
    if (e instanceof FileError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('atomic write', () => {
  for (const call of ['openSync', 'writeSync', 'fsyncSync', 'fchmodSync', 'closeSync', 'renameSync'] as const) {
    it(`a failing ${call} leaves the original file and no temporary file, as write/failed`, () => {
      const d = folder({ 'a.yaml': OLD });
      const e = thrown(() => writeFileAtomic(join(d, 'a.yaml'), NEW, { fs: failing(call), name: 'a.yaml' }));
      expect(e.diagnostic).toMatchObject({ code: 'write/failed', message: `cannot write \`a.yaml\`: injected ${call} failure` });
      expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe(OLD);
      expect(readdirSync(d)).toEqual(['a.yaml']);
    });
  }

  it('a cache write (durable: false) is as atomic but never flushes', () => {
    const d = folder({ 'a.yaml': OLD });
    const calls: string[] = [];
    const counting: WriteFs = { ...REAL, fsyncSync: (fd) => { calls.push('fsync'); fs.fsyncSync(fd); }, renameSync: (a, b) => { calls.push('rename'); fs.renameSync(a, b); } };
    writeFileAtomic(join(d, 'a.yaml'), NEW, { fs: counting, durable: false });
    expect(calls).toEqual(['rename']);
    writeFileAtomic(join(d, 'a.yaml'), OLD, { fs: counting });
    expect(calls).toEqual(['rename', 'fsync', 'rename']);
    expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe(OLD);
    expect(readdirSync(d)).toEqual(['a.yaml']);
  });

  it('a full disk (ENOSPC after half the bytes) leaves no truncated temporary file and says so', () => {
    const d = folder({ 'a.yaml': OLD });
    let calls = 0;
    const half: WriteFs = { ...REAL, writeSync: (fd, data, offset) => {
      if (calls++ > 0) throw errno('ENOSPC', 'write');
      return fs.writeSync(fd, data, offset, Math.ceil(data.length / 2));
    } };
    const e = thrown(() => writeFileAtomic(join(d, 'a.yaml'), NEW, { fs: half, name: 'a.yaml' }));
    expect(e.diagnostic).toEqual({ code: 'write/failed', severity: 'error', span: undefined,
      message: 'cannot write `a.yaml`: no space left on the device (ENOSPC)', help: 'free some space and run again; the file is unchanged' });
    expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe(OLD);
    expect(readdirSync(d)).toEqual(['a.yaml']);
  });

  it('a read-only file system (EROFS) is write/failed with a hint', () => {
    const d = folder({ 'a.yaml': OLD });
    const e = thrown(() => writeFileAtomic(join(d, 'a.yaml'), NEW, { fs: failing('openSync', errno('EROFS', 'open')), name: 'a.yaml' }));
    expect([e.diagnostic.message, e.diagnostic.help]).toEqual(['cannot write `a.yaml`: the file system is read-only (EROFS)',
      'the file is unchanged; copy the files to a writable folder to change them']);
  });

  it('creates the temporary file exclusively (wx) beside the target, under a name nobody can guess', () => {
    const d = folder({ 'a.yaml': OLD });
    const opened: [string, string][] = [];
    const spy: WriteFs = { ...REAL, openSync: (p, f, m) => { opened.push([p, f]); return fs.openSync(p, f, m); } };
    writeFileAtomic(join(d, 'a.yaml'), NEW, { fs: spy });
    writeFileAtomic(join(d, 'a.yaml'), NEW, { fs: spy });
    expect(opened.map(([, flags]) => flags)).toEqual(['wx', 'wx']);
    expect(opened.map(([p]) => p.slice(d.length + 1))).toEqual([expect.stringMatching(/^\.a\.yaml\.[0-9a-f]{16}\.tmp$/), expect.stringMatching(/^\.a\.yaml\.[0-9a-f]{16}\.tmp$/)]);
    expect(opened[0]![0]).not.toBe(opened[1]![0]);
    expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe(NEW);
  });

  it('never writes through a link planted at the temporary name', () => {
    const d = folder({ 'a.yaml': OLD, 'victim': 'keep\n' });
    // Whatever name the writer picks, `wx` refuses an existing entry: plant one at the first name it tries.
    let planted = '';
    const plant: WriteFs = { ...REAL, openSync: (p, f, m) => {
      if (!planted) { planted = p; symlinkSync(join(d, 'victim'), p); }
      return fs.openSync(p, f, m);
    } };
    writeFileAtomic(join(d, 'a.yaml'), NEW, { fs: plant });
    expect(readFileSync(join(d, 'victim'), 'utf8')).toBe('keep\n');
    expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe(NEW);
  });

  it('keeps the file mode (0600 stays 0600, whatever the umask)', () => {
    const d = folder({ 'a.yaml': OLD, 'b.yaml': OLD });
    chmodSync(join(d, 'a.yaml'), 0o600);
    chmodSync(join(d, 'b.yaml'), 0o664);
    writeFileAtomic(join(d, 'a.yaml'), NEW);
    writeFileAtomic(join(d, 'b.yaml'), NEW);
    expect(statSync(join(d, 'a.yaml')).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'b.yaml')).mode & 0o777).toBe(0o664);
  });

  it('writes through a symbolic link: the link stays, its target changes', () => {
    const d = folder({ 'real.yaml': OLD });
    symlinkSync('real.yaml', join(d, 'link.yaml'));
    writeFileAtomic(join(d, 'link.yaml'), NEW);
    expect(lstatSync(join(d, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'link.yaml'))).toBe('real.yaml');
    expect(readFileSync(join(d, 'real.yaml'), 'utf8')).toBe(NEW);
    expect(readdirSync(d).sort()).toEqual(['link.yaml', 'real.yaml']);
  });

  it('refuses a link to a missing file and a target that is not a regular file', () => {
    const d = folder();
    symlinkSync(join(d, 'nowhere.yaml'), join(d, 'dangling.yaml'));
    expect(thrown(() => writeFileAtomic(join(d, 'dangling.yaml'), NEW, { name: 'dangling.yaml' })).diagnostic.message)
      .toBe('cannot write `dangling.yaml`: it is a symbolic link to a missing file');
    expect(readdirSync(d)).toEqual(['dangling.yaml']);
    expect(thrown(() => writeFileAtomic('/dev/null', NEW)).diagnostic.message).toBe('cannot write `/dev/null`: it is not a regular file');
  });

  it('creates a new file with the mode asked for', () => {
    const d = folder();
    writeFileAtomic(join(d, 'new.json'), '{}', { mode: 0o600 });
    expect([readFileSync(join(d, 'new.json'), 'utf8'), statSync(join(d, 'new.json')).mode & 0o777]).toEqual(['{}', 0o600]);
  });

  it('refuses to overwrite an edit made since the file was read (write/changed), and writes when unchanged', () => {
    const d = folder({ 'a.yaml': OLD });
    const read = readTextFile(join(d, 'a.yaml'));
    if (!('file' in read)) throw new Error(read.diagnostic.message);
    writeFileSync(join(d, 'a.yaml'), `${OLD}# an edit made meanwhile\n`);
    const e = thrown(() => writeFileAtomic(join(d, 'a.yaml'), NEW, { expect: read.file.stamp, name: 'a.yaml' }));
    expect(e.diagnostic).toMatchObject({ code: 'write/changed', message: '`a.yaml` changed since it was read; not written' });
    expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe(`${OLD}# an edit made meanwhile\n`);
    expect(readdirSync(d)).toEqual(['a.yaml']);
    const again = readTextFile(join(d, 'a.yaml'));
    if (!('file' in again)) throw new Error(again.diagnostic.message);
    writeFileAtomic(join(d, 'a.yaml'), NEW, { expect: again.file.stamp });
    expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe(NEW);
  });
});
