import { spawnSync } from 'node:child_process';
import {
  chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { cli, json } from './run.js';

/**
 * Hostile files at the CLI: FIFOs and devices named .yaml, CR-only line ends,
 * unreadable and unwritable places. Every one is a diagnostic (path, code,
 * hint) and an exit status, never a hang, a blow-up or `internal error`.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'cpumodel-cli-files-'));
  dirs.push(d);
  return d;
}

/** A copy of the built-in s390x rule files in one folder. */
function ruleCopy(): string {
  const d = folder();
  for (const from of ['rules/s390x', 'models/s390x']) {
    for (const f of readdirSync(join(ROOT, from)).filter((n) => n.endsWith('.yaml'))) cpSync(join(ROOT, from, f), join(d, f));
  }
  return d;
}

const mkfifo = (path: string) => spawnSync('mkfifo', [path]).status === 0;
const NOT_A_FILE_HELP = '  help: rule files, environment descriptions, suites and patches are read only from regular files\n';

describe('special files named .yaml', () => {
  it('a FIFO in a rules folder: `check` and `expand --rules` report it instead of waiting forever', async () => {
    const d = ruleCopy();
    if (!mkfifo(join(d, 'x.yaml'))) return;
    const check = await cli(['check', d]);
    expect(check.code).toBe(2);
    expect(check.out).toContain(`error[load/not-a-file]: \`${join(d, 'x.yaml')}\` is a named pipe (FIFO), not a regular file\n${NOT_A_FILE_HELP}`);
    const expand = await cli(['expand', 'z13', '--rules', d]);
    expect([expand.code, expand.out]).toEqual([2, '']);
    expect(expand.err).toContain('error[load/not-a-file]');
  });

  it('a link to /dev/zero is refused by every command that reads files, without reading it', async () => {
    const d = folder();
    const zero = join(d, 'zero.yaml');
    symlinkSync('/dev/zero', zero);
    const expected = `error[load/not-a-file]: \`${zero}\` is a character device, not a regular file\n${NOT_A_FILE_HELP}`;
    const runs = {
      check: await cli(['check', zero]),
      environments: await cli(['check', '--environments', zero]),
      test: await cli(['test', zero]),
      fmt: await cli(['fmt', '--check', zero]),
      whatIf: await cli(['what-if', '--patch', zero]),
      diff: await cli(['diff', zero, 'qemu-10.0']),
      env: await cli(['check-run', 'z13', '--env', zero]),
    };
    for (const [name, r] of Object.entries(runs)) {
      expect(r.code, name).toBe(2);
      expect(`${r.out}${r.err}`, name).toContain(expected);
      expect(r.err, name).not.toContain('internal error');
    }
  });

  it('`diff /dev/zero qemu-10.0` says what /dev/zero is', async () => {
    const r = await cli(['diff', '/dev/zero', 'qemu-10.0']);
    expect(r).toEqual({ code: 2, out: '', err: `error[load/not-a-file]: \`/dev/zero\` is a character device, not a regular file\n${NOT_A_FILE_HELP}1 error, 0 warnings\n` });
  });

  it('a missing rules folder is load/not-found with its path (exit 2)', async () => {
    const r = await cli(['--rules', 'test/cli/fixtures/none', 'expand', 'z13']);
    expect(r).toEqual({ code: 2, out: '', err: 'error[load/not-found]: cannot read `test/cli/fixtures/none`: it does not exist\n  help: check the path\n1 error, 0 warnings\n' });
  });
});

describe('line ends', () => {
  it('a deprecations.yaml with CR-only line ends is read as the LF one: same check, same deprecated-props', async () => {
    const d = ruleCopy();
    const file = join(d, 'deprecations.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r'));
    const builtin = await cli(['expand', 'z13', '--json']);
    const cr = await cli(['expand', 'z13', '--json', '--rules', d]);
    expect((json(cr) as { 'deprecated-props': string[] })['deprecated-props']).toEqual(['bpb', 'te', 'cte', 'csske']);
    expect(json(cr)).toEqual(json(builtin));
    const checked = await cli(['check', d]);
    const lf = await cli(['check', ruleCopy()]);
    expect(checked.out.split('\n').at(-2)).toBe(lf.out.split('\n').at(-2));
    expect(checked.code).toBe(lf.code);
  });
});

describe('test --update writes with the one writer', () => {
  const SUITE = '# keep\ncases:\n  - expand: z14-base,+vx\n';

  it('keeps a 0600 mode and a symbolic link to the suite', async () => {
    const d = folder();
    writeFileSync(join(d, 'real.yaml'), SUITE);
    chmodSync(join(d, 'real.yaml'), 0o600);
    symlinkSync('real.yaml', join(d, 'link.yaml'));
    const r = await cli(['test', join(d, 'link.yaml'), '--update']);
    expect(r.code).toBe(0);
    expect(lstatSync(join(d, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'link.yaml'))).toBe('real.yaml');
    expect(statSync(join(d, 'real.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(d, 'real.yaml'), 'utf8')).toContain('    expect: {model: {name: z14-base');
    expect(readdirSync(d).sort()).toEqual(['link.yaml', 'real.yaml']);
  });

  it('keeps CRLF line ends', async () => {
    const d = folder();
    writeFileSync(join(d, 's.yaml'), SUITE.replace(/\n/g, '\r\n'));
    expect((await cli(['test', join(d, 's.yaml'), '--update'])).code).toBe(0);
    const after = readFileSync(join(d, 's.yaml'), 'utf8');
    expect(after).toContain('\r\n    expect: {model: {name: z14-base');
    expect(after.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('refuses to overwrite an edit made while the cases ran (write/changed, exit 2), and keeps the edit', async () => {
    const d = folder();
    const file = join(d, 's.yaml');
    writeFileSync(file, SUITE);
    const edited = `${SUITE}  - expand: z13-base\n`;
    let err = '';
    // The report is printed after the cases ran and before the update: edit the file then.
    const io = {
      out: (t: string) => { if (/passed, \d+ failed/.test(t)) writeFileSync(file, edited); },
      err: (t: string) => void (err += t), isTTY: false, env: {},
    };
    const code = await main(['test', file, '--update'], io);
    expect(code).toBe(2);
    expect(err).toContain(`error[write/changed]: \`${file}\` changed since it was read; not written\n  help: run again: the changes are computed from the file as it is now`);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(readdirSync(d)).toEqual(['s.yaml']);
  });
});

/**
 * A read-only file system and a full disk, for real: the built CLI in a
 * private mount namespace (`unshare -rm`) on a small tmpfs. Skipped where
 * user namespaces or dist/ are not available.
 */
const CLI = join(ROOT, 'bin', 'cpumodel.js');
const canUnshare = existsSync(join(ROOT, 'dist', 'load', 'write.js')) && spawnSync('unshare', ['-rm', 'true']).status === 0;

/** Runs `script` in a fresh 256 KiB tmpfs ($M) holding a.yaml = `text`; $CLI is the built CLI. */
function inTmpfs(text: string, script: string): { status: number | null; stdout: string; stderr: string } {
  const mnt = folder();
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', `set -e; mount -t tmpfs -o size=256k tmpfs "$M"; cd "$M"; printf '%s' "$TEXT" > a.yaml; ${script}`], {
    encoding: 'utf8', env: { ...process.env, M: mnt, CLI, TEXT: text, CPUMODEL_CACHE: 'off' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MESSY = "dependencies:\n  - requires: 'vx'\n    feature: vxeh\n";

describe.skipIf(!canUnshare)('fmt --write where it cannot write', () => {
  it('a read-only file system: write/failed with the path and a hint, the file unchanged', () => {
    const r = inTmpfs(MESSY, 'mount -o remount,ro "$M"; set +e; node "$CLI" fmt --write a.yaml; echo "exit=$?"; cat a.yaml; ls -A');
    expect(r.stderr).toBe('error[write/failed]: cannot write `a.yaml`: the file system is read-only (EROFS)\n'
      + '  help: the file is unchanged; copy the files to a writable folder to change them\n1 error, 0 warnings\n');
    expect(r.stdout).toBe(`exit=2\n${MESSY}a.yaml\n`);
  });

  it('a full disk: write/failed, the file unchanged, no temporary file left', () => {
    const long = `dependencies:\n${"  - requires: 'vx'\n    feature: vxeh\n".repeat(2000)}`;
    const r = inTmpfs(long, 'head -c 1000000 /dev/zero > fill 2>/dev/null || true; set +e; node "$CLI" fmt --write a.yaml; echo "exit=$?"; ls -A; cat a.yaml');
    expect(r.stderr).toContain('error[write/failed]: cannot write `a.yaml`: no space left on the device (ENOSPC)\n  help: free some space and run again; the file is unchanged\n');
    expect(r.stdout).toBe(`exit=2\na.yaml\nfill\n${long}`);
  });
});

describe('fmt reads and writes through the one reader and writer', () => {
  it('reports an unreadable file among good ones and formats the rest', async () => {
    const d = folder();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'a.yaml'), MESSY);
    symlinkSync('/dev/zero', join(d, 'sub', 'zero.yaml'));
    const r = await cli(['fmt', '--write', d]);
    expect(r.code).toBe(2);
    expect(r.out).toBe(`formatted ${join(d, 'sub', 'a.yaml')}\n`);
    expect(r.err).toContain('error[load/not-a-file]');
  });

  it('--write keeps a symbolic link a link, and the mode of the file it points to', async () => {
    const d = folder();
    writeFileSync(join(d, 'real.yaml'), MESSY, { mode: 0o600 });
    chmodSync(join(d, 'real.yaml'), 0o600);
    symlinkSync('real.yaml', join(d, 'link.yaml'));
    const r = await cli(['fmt', '--write', join(d, 'link.yaml')]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(d, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'link.yaml'))).toBe('real.yaml');
    expect(readFileSync(join(d, 'real.yaml'), 'utf8')).not.toBe(MESSY);
    expect(statSync(join(d, 'real.yaml')).mode & 0o777).toBe(0o600);
    expect(readdirSync(d).sort()).toEqual(['link.yaml', 'real.yaml']);
  });

  it('a file with CRLF line ends is not canonical; --write makes it LF', async () => {
    const d = folder();
    writeFileSync(join(d, 'a.yaml'), 'dependencies:\r\n  - {feature: vxeh, requires: vx}\r\n');
    expect((await cli(['fmt', '--check', d])).code).toBe(1);
    expect((await cli(['fmt', '--write', d])).code).toBe(0);
    expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe('dependencies:\n  - {feature: vxeh, requires: vx}\n');
  });
});
