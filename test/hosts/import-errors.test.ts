import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEvidence } from '../../src/index.js';
import { cli } from '../cli/run.js';

/** Malformed or unusable host dumps: a diagnostic with file:line:col and a hint, exit 1, never a crash. */
const tmp = mkdtempSync(join(tmpdir(), 'cpumodel-bad-dumps-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const S390 = 'vendor_id       : IBM/S390\n';
const deep = (n: number) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`;

// [case, file text, extra args, code, line:col]
const CASES: [string, string, string[], string, string][] = [
  ['unclosed element', '<domainCapabilities>\n  <cpu>\n</domainCapabilities>\n', [], 'import/bad-xml', '3:1'],
  ['a DOCTYPE with entities (no expansion)', '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<capabilities/>\n', [], 'import/bad-xml', '2:1'],
  ['an undeclared entity', '<capabilities><host><cpu><model>&lol;</model></cpu></host></capabilities>\n', [], 'import/bad-xml', '1:33'],
  ['elements nested too deep', deep(300), [], 'import/bad-xml', '1:193'],
  ['a truncated QMP reply', '{"return": {"model": {"name": "z14-base",\n  "props": {"vx": tru', [], 'import/bad-json', '2:19'],
  ['JSON nested too deep', '['.repeat(600), [], 'import/bad-json', '1:514'],
  ['a reply without a model', '{"return": {}}\n', [], 'import/no-host-model', '1:1'],
  ['a QMP error', '{"error": {"class": "GenericError", "desc": "x"}}\n', [], 'import/qmp-error', '1:1'],
  ['a model no architecture knows', '{"return": {"model": {"name": "z99-base"}}}\n', [], 'import/unknown-architecture', '1:1'],
  ['an unknown IBM Z definition', '{"return": {"model": {"name": "z17-base"}}}\n', ['--arch', 's390x'], 'import/unknown-model', '1:1'],
  ['domcapabilities without a host model', '<domainCapabilities>\n<arch>s390x</arch>\n<cpu><mode name=\'host-model\' supported=\'no\'/></cpu>\n</domainCapabilities>\n', [], 'import/no-host-model', '3:6'],
  ['capabilities whose host CPU names no model', '<capabilities>\n<host>\n<cpu>\n<arch>s390x</arch>\n</cpu>\n</host>\n</capabilities>\n', [], 'import/no-host-model', '3:1'],
  ['an unknown feature policy', '<domainCapabilities><arch>s390x</arch><cpu><mode name=\'host-model\'><model>z14-base</model><feature policy=\'maybe\' name=\'vx\'/></mode></cpu></domainCapabilities>', [], 'import/bad-feature', '1:108'],
  ['a cpuinfo without a machine type', `${S390}features\t: esan3 zarch\n`, [], 'import/no-machine-type', '1:1'],
  ['a cpuinfo with an unknown machine type', `${S390}processor 0: version = 00,  identification = 000000,  machine = 1234\n`, [], 'import/unknown-machine-type', '2:14'],
  ['a cpuinfo with a broken facility list', `${S390}facilities      : 0 1 two\nprocessor 0: version = 00,  identification = 000000,  machine = 3906\n`, [], 'import/bad-cpuinfo', '2:19'],
  ['an x86 cpuinfo (no QEMU model in it)', 'vendor_id\t: GenuineIntel\nflags\t\t: fpu vme\n', [], 'import/no-host-model', '1:1'],
  ['an empty file', '', [], 'import/unknown-format', '1:1'],
  ['binary data', '\u0001\u0002\u0003', [], 'import/unknown-format', '1:1'],
];

describe('host import: malformed input', () => {
  it.each(CASES)('%s', async (name, text, args, code, at) => {
    const file = join(tmp, `${name.replace(/\W+/g, '-')}.dump`);
    writeFileSync(file, text);
    const r = await cli(['host', 'import', file, ...args]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${file}:${at}: error[${code}]`);
    expect(r.err).toMatch(/\n\s+help: \S/);
  }, 60_000);

  it('names from the input cannot break out of the provenance comments', async () => {
    const props = { vx: true, 'x\r  evil_key: 1\nenvironment: {}\r\nevil': true };
    const file = join(tmp, 'inject.json');
    writeFileSync(file, JSON.stringify({ return: { model: { name: 'z14-base', props } } }));
    const out = join(tmp, 'inject.yaml');
    const r = await cli(['host', 'import', file, '--out', out, '--qemu', '9.2.0']);
    expect([r.code, r.err]).toEqual([0, '']);
    const lines = readFileSync(out, 'utf8').split(/\r\n|\r|\n/);
    expect(lines.filter((l) => /^\S/.test(l) && !l.startsWith('#'))).toEqual(['environment:']);
    expect(lines.some((l) => /^\s*evil_key/.test(l))).toBe(false);
    expect(lines.filter((l) => l.includes('evil_key'))).toHaveLength(1);
    expect((await cli(['host', out])).code).toBe(0);
  }, 60_000);

  it('byte mutations of the real dumps never make the reader throw', () => {
    const dir = join(import.meta.dirname, '..', 'fixtures', 'host-import');
    const dumps = readdirSync(dir).filter((f) => !f.endsWith('.md')).map((f) => readFileSync(join(dir, f), 'utf8'));
    let seed = 12;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let diagnosed = 0;
    for (let i = 0; i < 400; i++) {
      const base = dumps[i % dumps.length]!;
      const at = next() % base.length;
      const text = `${base.slice(0, at)}${'<>{}"&;:\n\u0000'[next() % 10]}${base.slice(at + (next() % 3))}`;
      const r = readEvidence('m', text);
      if ('diagnostics' in r) {
        diagnosed++;
        for (const d of r.diagnostics) expect(d.span?.line).toBeGreaterThan(0);
      }
    }
    expect(diagnosed).toBeGreaterThan(20);
  });
});
