import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/index.js';
import { environmentNames, locateEnvironment, looksLikePath, readEnvironment } from '../../src/load/environments.js';
import { packageRoot } from '../../src/load/load.js';
import { cli } from '../cli/run.js';

/**
 * Environment arguments: a NAME is confined to the built-in folder (it
 * matches /^[A-Za-z0-9._-]+$/ and its file resolves inside the folder); a
 * PATH is only what looks like one (a `/`, or a .yaml ending) and is read as
 * every input is.
 */
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const ENV = readFileSync(join(packageRoot(), 'models/s390x/environments/z15-lpar.yaml'), 'utf8');

/** A fake built-in folder (relative to the package root, as targets give it) and a folder beside it. */
function layout(): { builtin: string; dir: string; outside: string } {
  const top = mkdtempSync(join(tmpdir(), 'cpumodel-envs-'));
  dirs.push(top);
  mkdirSync(join(top, 'models', 'envs'), { recursive: true });
  mkdirSync(join(top, 'outside'));
  writeFileSync(join(top, 'models', 'envs', 'ok.yaml'), ENV);
  writeFileSync(join(top, 'outside', 'secret.yaml'), 'secret: the contents of a file elsewhere\n');
  symlinkSync(join(top, 'outside', 'secret.yaml'), join(top, 'models', 'envs', 'escape.yaml'));
  return { builtin: relative(packageRoot(), join(top, 'models', 'envs')), dir: join(top, 'models', 'envs'), outside: join(top, 'outside') };
}

describe('environment names and paths', () => {
  it('a path is what has a `/` or ends in .yaml; everything else is a name', () => {
    expect(['./x', '../../x', '/etc/x', 'x.yaml', 'x.yml', 'a/b'].every(looksLikePath)).toBe(true);
    expect(['z15-lpar', '..', 'x.json', 'a b'].some(looksLikePath)).toBe(false);
  });

  it('a name never leaves the built-in folder: `..`, a link out of it and invalid names are unknown', () => {
    const { builtin } = layout();
    expect(readEnvironment(builtin, 'ok')).toEqual({ source: expect.objectContaining({ text: ENV }) });
    expect(locateEnvironment(builtin, 'ok')).not.toBeNull();
    for (const name of ['escape', '..', '.', 'a b', 'x;y', '']) {
      expect(readEnvironment(builtin, name), name).toBeNull();
      expect(locateEnvironment(builtin, name), name).toBeNull();
    }
  });

  it('a path is read as given (relative to the base), through the one reader', () => {
    const { builtin, outside } = layout();
    expect(readEnvironment(builtin, 'secret.yaml', outside)).toEqual({ source: expect.objectContaining({ text: 'secret: the contents of a file elsewhere\n' }) });
    symlinkSync('/dev/zero', join(outside, 'zero.yaml'));
    const zero = readEnvironment(builtin, './zero.yaml', outside);
    expect(zero !== null && 'diagnostic' in zero && zero.diagnostic.code).toBe('load/not-a-file');
    const missing = readEnvironment(builtin, 'ok.yaml', outside);
    expect(missing !== null && 'diagnostic' in missing && [missing.diagnostic.code, missing.diagnostic.help])
      .toEqual(['load/not-found', 'a built-in environment is named without `.yaml`: `ok`']);
  });

  it('the built-in names are those of the folder that are valid names', () => {
    const { builtin, dir } = layout();
    writeFileSync(join(dir, 'bad name.yaml'), ENV);
    expect(environmentNames(builtin)).toEqual(['escape', 'ok']);
    expect(environmentNames('models/s390x/environments')).toContain('z15-lpar');
  });
});

describe('--env on the command line', () => {
  it('`--env ../../x` is a path relative to the working directory, never a built-in folder escape', async () => {
    // The built-in folder is models/s390x/environments; `../../../suites/s390x/expand` from there is a
    // suite file of the package. As a path it is relative to the working directory, where it does not exist.
    const r = await cli(['check-run', 'z13', '--env', '../../../suites/s390x/expand']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error[load/not-found]: cannot read `../../../suites/s390x/expand`: it does not exist\n  help: check the path\n1 error, 0 warnings\n');
  });

  it('a name that is not one is unknown, with what a name may hold', async () => {
    const r = await cli(['host', 'x;y']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[env/unknown-environment]: unknown environment `x;y`');
    expect(r.err).toContain('a name has only letters, digits');
  });

  it('an explicit path is allowed, but a device is not read', async () => {
    const { outside } = layout();
    symlinkSync('/dev/zero', join(outside, 'zero.yaml'));
    const r = await cli(['check-run', 'z13', '--env', join(outside, 'zero.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error[load/not-a-file]: \`${join(outside, 'zero.yaml')}\` is a character device, not a regular file`);
    const ok = await builtinRules('s390x').withEnvironment(join(packageRoot(), 'models/s390x/environments/z15-lpar.yaml'));
    expect('engine' in ok).toBe(true);
  });
});
