import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { cli, cliGolden } from './run.js';

/**
 * Golden output of libvirt's CPU XML in (files, domain XML, standard input)
 * and out (`--format libvirt [--features]`, `--format cpu-spec`), with the
 * diagnostics of XML that is malformed or that libvirt refuses.
 * UPDATE_GOLDEN=1 rewrites the files; review the diff.
 */
const DIR = join(import.meta.dirname, 'golden');
const FX = 'test/cli/fixtures/libvirt';

const CASES: [file: string, argv: string, code: number][] = [
  ['libvirt-seed-check-run', `check-run ${FX}/seed-westmere.xml`, 0],
  ['libvirt-seed-cpu-spec', `expand ${FX}/seed-westmere.xml --format cpu-spec`, 0],
  ['libvirt-seed-libvirt', `expand ${FX}/seed-westmere.xml --format libvirt`, 0],
  ['libvirt-domain-z14', `expand ${FX}/domain-z14.xml`, 0],
  ['libvirt-domain-z14-libvirt-features', `expand ${FX}/domain-z14.xml --format libvirt --features`, 0],
  ['libvirt-x86-names', `expand ${FX}/x86-names.xml --format libvirt`, 0],
  ['libvirt-baseline-libvirt', 'baseline gen15a z14,vx=off --format libvirt', 0],
  ['libvirt-baseline-cpu-spec', 'baseline gen15a z14,vx=off --format cpu-spec', 0],
  ['libvirt-compare-xml', `compare ${FX}/domain-z14.xml z13`, 0],
  ['libvirt-malformed', `expand ${FX}/malformed.xml`, 2],
  ['libvirt-s390x-refused', `expand ${FX}/s390x-refused.xml`, 2],
  ['libvirt-bad-format', 'expand z14 --format yaml', 2],
];

describe('libvirt cpu xml and cpu-spec: golden output', () => {
  for (const [file, argv, code] of CASES) {
    it(`cpumodel ${argv}`, () => cliGolden(DIR, file, argv, code));
  }

  it('reads the model from standard input with `-`', async () => {
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => {}, isTTY: false, env: {}, stdin: () => readFileSync(`${FX}/domain-z14.xml`, 'utf8') };
    expect(await main(['expand', '-', '--format', 'cpu-spec'], io)).toBe(0);
    expect(out).toBe('z14,vx=off\n');
  });

  it('the printed cpu-spec and <cpu> are accepted back as MODEL and give the same answer', async () => {
    const spec = (await cli(`expand ${FX}/x86-names.xml --format cpu-spec`)).out.trim();
    const viaSpec = await cli(['expand', spec, '--json']);
    const viaXml = await cli(`expand ${FX}/x86-names.xml --json`);
    expect(viaSpec.code).toBe(0);
    expect(viaSpec.out).toBe(viaXml.out);
  });
});
