import { describe, expect, it } from 'vitest';
import { cli, json } from './run.js';

const ESC = '\x1b[';

describe('colour', () => {
  it('only when stdout is a terminal', async () => {
    const tty = await cli('expand z13,vx=off,esan3=off', { isTTY: true });
    expect(tty.out).toContain(`${ESC}32m+msa1${ESC}39m`);
    expect(tty.out).toContain(`${ESC}31m-esan3${ESC}39m`);
    expect((await cli('expand z13,vx=off,esan3=off')).out).not.toContain(ESC);
  });

  it('not with NO_COLOR or --no-color', async () => {
    expect((await cli('expand z13', { isTTY: true, env: { NO_COLOR: '1' } })).out).not.toContain(ESC);
    expect((await cli('expand z13 --no-color', { isTTY: true })).out).not.toContain(ESC);
  });

  it('never in --json output, and colour does not change alignment', async () => {
    expect((await cli('definitions --json', { isTTY: true })).out).not.toContain(ESC);
    const plain = (await cli('models')).out;
    const coloured = (await cli('models', { isTTY: true })).out;
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });
});

describe('help and version', () => {
  it('--help lists every command, reserved ones included', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['expand', 'compare', 'baseline', 'definitions', 'models', 'features', 'groups', 'qmp', 'agreement']) {
      expect(r.out).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
  });

  it('per command, anywhere on the line', async () => {
    for (const argv of ['expand --help', '-h expand', 'expand z13 -h']) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: cpumodel expand MODEL \[--type static\|full\] \[--format libvirt\|cpu-spec \[--features\]\]\n/);
      expect(r.out).toContain('--profile NAME');
    }
  });

  it('--version', async () => {
    expect((await cli('--version')).out).toMatch(/^cpumodel \d+\.\d+\.\d+\n$/);
  });
});

describe('listings', () => {
  it('models: definition, gen.GA, cpu type and set sizes', async () => {
    const r = await cli('models');
    expect(r.out).toMatch(/^name\s+definition\s+gen\.GA\s+cpu type\s+base\s+default\s+full\s+description$/m);
    expect(r.out).toMatch(/^z14-base\s+z14\s+14\.1\s+0x3906\s+\d+\s+\d+\s+\d+\s+IBM z14 GA1$/m);
    const list = json(await cli('models --json')) as { name: string; 'cpu-type': number }[];
    expect(list.find((m) => m.name === 'qemu')).toMatchObject({ definition: 'gen15a' });
  });

  it('features --model shows base/default/full membership', async () => {
    const r = await cli('--rules test/cli/fixtures/tiny features --model z13');
    expect(r.out).toBe([
      'name        type  bit  group  base  default  full',
      'vx          STFL  129  -      -     x        x',
      'vxeh        STFL  135  -      -     -        x',
      'msa-base    STFL   17  msa    x     x        x',
      'km-aes-128  KM     18  msa    x     x        x',
      '',
    ].join('\n'));
    const list = json(await cli('--rules test/cli/fixtures/tiny features --model z13-base --json'));
    expect(list).toContainEqual({ name: 'vx', type: 'STFL', bit: 129, group: null, description: '', base: false, default: true, full: true });
  });

  it('features --model with an unknown model is the query error', async () => {
    const r = await cli('features --model z99');
    expect(r.code).toBe(1);
    expect(r.err).toContain("The CPU definition 'z99' is unknown.");
  });

  it('groups: members count and names', async () => {
    const r = await cli('--rules test/cli/fixtures/tiny groups');
    expect(r.out).toBe('name  members  description\nmsa         2\n    msa-base, km-aes-128\n');
    expect(json(await cli('--rules test/cli/fixtures/tiny groups --json'))).toEqual([{ name: 'msa', description: '', members: ['msa-base', 'km-aes-128'] }]);
  });

  it('--rules with several paths reads them all', async () => {
    const r = await cli('--rules rules/s390x --rules models/s390x expand z13 --json');
    expect(r.out).toBe((await cli('expand z13 --json')).out);
  });
});
