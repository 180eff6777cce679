import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, readTextFile, type ReadResult } from '../../src/load/files.js';
import { listYamlFiles } from '../../src/load/list.js';
import { readSources } from '../../src/load/load.js';

/**
 * The one reader of user files (src/load/files.ts): regular files only,
 * never blocking on a FIFO, at most MAX_FILE_BYTES, UTF-8 with the BOM
 * dropped, line ends LF, symbolic links resolved; every failure a
 * diagnostic with the path, a stable code and a hint.
 */
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function folder(files: Record<string, string | Buffer> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'cpumodel-files-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const mkfifo = (path: string) => spawnSync('mkfifo', [path]).status === 0;
const root = process.getuid?.() === 0;

function problem(r: ReadResult): { code: string; message: string; help?: string } {
  if (!('diagnostic' in r)) throw new Error(`read: ${JSON.stringify(r.file.text.slice(0, 40))}`);
  const { code, message, help } = r.diagnostic;
  return { code, message, help };
}

function text(r: ReadResult): string {
  if ('diagnostic' in r) throw new Error(r.diagnostic.message);
  return r.file.text;
}

describe('reading a file', () => {
  it('refuses a FIFO without waiting for a writer (load/not-a-file)', () => {
    const d = folder();
    if (!mkfifo(join(d, 'x.yaml'))) return;
    expect(problem(readTextFile(join(d, 'x.yaml'), 'x.yaml'))).toEqual({
      code: 'load/not-a-file', message: '`x.yaml` is a named pipe (FIFO), not a regular file',
      help: 'rule files, environment descriptions, suites and patches are read only from regular files',
    });
  });

  it('refuses a link to /dev/zero, and a folder, without reading them', () => {
    const d = folder();
    symlinkSync('/dev/zero', join(d, 'z.yaml'));
    expect(problem(readTextFile(join(d, 'z.yaml'), 'z.yaml')).message).toBe('`z.yaml` is a character device, not a regular file');
    mkdirSync(join(d, 'dir.yaml'));
    expect(problem(readTextFile(join(d, 'dir.yaml'), 'dir.yaml'))).toMatchObject({ code: 'load/not-a-file', message: '`dir.yaml` is a folder, not a regular file' });
  });

  it('refuses a file over the size limit (load/too-large) before reading it', () => {
    const d = folder();
    const fd = openSync(join(d, 'big.yaml'), 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1); // sparse: no 16 MiB written
    closeSync(fd);
    expect(problem(readTextFile(join(d, 'big.yaml'), 'big.yaml'))).toMatchObject({ code: 'load/too-large', message: '`big.yaml` is larger than 16 MiB' });
    expect(problem(readTextFile(join(d, 'big.yaml'), 'big.yaml', 10))).toMatchObject({ code: 'load/too-large' });
  });

  it('reads at most the limit from a file whose reported size is wrong', () => {
    // Files under /proc report size 0; a small limit proves the reader counts what it reads.
    const r = readTextFile('/proc/self/maps', 'maps', 64);
    expect(problem(r).code).toBe('load/too-large');
  });

  it('says what is missing, unreadable or a broken link (load/not-found, load/unreadable)', () => {
    const d = folder({ 'secret.yaml': 'a: 1\n' });
    expect(problem(readTextFile(join(d, 'none.yaml'), 'none.yaml'))).toEqual({ code: 'load/not-found', message: 'cannot read `none.yaml`: it does not exist', help: 'check the path' });
    symlinkSync(join(d, 'gone.yaml'), join(d, 'broken.yaml'));
    expect(problem(readTextFile(join(d, 'broken.yaml'), 'broken.yaml')).message).toBe('cannot read `broken.yaml`: it is a symbolic link to a missing file');
    if (root) return; // root reads any file
    chmodSync(join(d, 'secret.yaml'), 0o000);
    expect(problem(readTextFile(join(d, 'secret.yaml'), 'secret.yaml'))).toMatchObject({ code: 'load/unreadable', message: 'cannot read `secret.yaml`: permission denied (EACCES)' });
  });

  it('normalises line ends: CRLF and a lone CR become LF, and says which the file had', () => {
    const d = folder({ 'crlf.yaml': 'a: 1\r\nb: 2\r\n', 'cr.yaml': '# c\rdeprecated:\r  features: [te]\r', 'mixed.yaml': 'a\r\nb\rc\n' });
    const crlf = readTextFile(join(d, 'crlf.yaml'));
    expect('file' in crlf && [crlf.file.text, crlf.file.eol]).toEqual(['a: 1\nb: 2\n', '\r\n']);
    const cr = readTextFile(join(d, 'cr.yaml'));
    expect('file' in cr && [cr.file.text, cr.file.eol]).toEqual(['# c\ndeprecated:\n  features: [te]\n', '\r']);
    expect(text(readTextFile(join(d, 'mixed.yaml')))).toBe('a\nb\nc\n');
  });

  it('drops a UTF-8 BOM, and refuses UTF-16 and invalid UTF-8 at the bad byte (load/not-utf8)', () => {
    const d = folder({
      'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: ü\n')]),
      'utf16.yaml': Buffer.from('\ufeffa: 1\n', 'utf16le'),
      'latin1.yaml': Buffer.from('a: 1\nb: "caf\xe9"\n', 'latin1'),
      'replacement.yaml': 'a: "\ufffd"\n',
    });
    const bom = readTextFile(join(d, 'bom.yaml'));
    expect('file' in bom && [bom.file.text, bom.file.bom]).toEqual(['a: ü\n', true]);
    expect(problem(readTextFile(join(d, 'utf16.yaml'), 'utf16.yaml'))).toMatchObject({ code: 'load/not-utf8', message: '`utf16.yaml` is UTF-16 text, not UTF-8' });
    const bad = readTextFile(join(d, 'latin1.yaml'), 'latin1.yaml');
    expect('diagnostic' in bad && bad.diagnostic).toMatchObject({
      code: 'load/not-utf8', message: '`latin1.yaml` is not UTF-8 text: invalid byte 0xe9', span: { file: 'latin1.yaml', line: 2, col: 8 }, help: 'save the file as UTF-8',
    });
    expect(text(readTextFile(join(d, 'replacement.yaml')))).toBe('a: "\ufffd"\n');
  });

  it('follows symbolic links and says which file it read', () => {
    const d = folder({ 'real.yaml': 'a: 1\n' });
    symlinkSync(join(d, 'real.yaml'), join(d, 'link.yaml'));
    const r = readTextFile(join(d, 'link.yaml'), 'link.yaml');
    expect('file' in r && [r.file.name, r.file.path, r.file.text]).toEqual(['link.yaml', realpathSync(join(d, 'real.yaml')), 'a: 1\n']);
  });
});

describe('listing rule folders', () => {
  it('lists a FIFO named .yaml (for the reader to refuse) and survives a link loop', () => {
    const d = folder({ 'a.yaml': 'x: 1\n', 'b.txt': '' });
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'c.yml'), 'y: 1\n');
    symlinkSync(d, join(d, 'sub', 'loop'));
    const fifo = mkfifo(join(d, 'x.yaml'));
    const listing = listYamlFiles([d], { recursive: true });
    expect(listing.diagnostics).toEqual([]);
    expect(listing.files.map((f) => f.slice(d.length + 1))).toEqual(['a.yaml', 'sub/c.yml', ...(fifo ? ['x.yaml'] : [])]);
  });

  it('reports every unreadable rule file at once, and reads the rest', () => {
    const d = folder({ 'a.yaml': 'x: 1\n' });
    symlinkSync('/dev/zero', join(d, 'z.yaml'));
    const fifo = mkfifo(join(d, 'y.yaml'));
    const r = readSources([d, join(d, 'missing')], d);
    expect(r.sources).toEqual([{ name: 'a.yaml', text: 'x: 1\n' }]);
    expect(r.diagnostics.map((x) => [x.code, x.message])).toEqual([
      ['load/not-found', 'cannot read `missing`: it does not exist'],
      ...(fifo ? [['load/not-a-file', '`y.yaml` is a named pipe (FIFO), not a regular file']] : []),
      ['load/not-a-file', '`z.yaml` is a character device, not a regular file'],
    ]);
  });

  it('a folder without rule files (only a sub-folder named x.yaml, a text file) is load/no-rule-files, not an empty rule set', () => {
    const d = folder({ 'notes.txt': 'x' });
    mkdirSync(join(d, 'x.yaml'));
    const r = readSources([d], join(d, '..'));
    expect(r.sources).toEqual([]);
    expect(r.diagnostics.map((x) => [x.code, x.message])).toEqual([['load/no-rule-files', `no rule files in \`${d.split('/').at(-1)}\``]]);
    expect(r.diagnostics[0]!.help).toMatch(/\.yaml files/);
  });
});
