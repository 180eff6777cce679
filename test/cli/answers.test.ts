import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden-file.js';
import { cli, json } from './run.js';

/**
 * Answers a cloud engineer can act on (issue 12): migrate expands on the
 * source first, check-run groups the missing features by reason with a fix,
 * definitions --explain groups per reason, cluster explains and proposes,
 * hints use the marketing names. Golden human output: UPDATE_GOLDEN=1
 * rewrites the files; review the diff.
 */
const DIR = join(import.meta.dirname, 'golden', 'answers');

async function golden(file: string, argv: string, code: number): Promise<string> {
  const r = await cli(argv);
  expect(r.code, r.err).toBe(code);
  const actual = r.out + (r.err ? `--- stderr\n${r.err}` : '');
  expectGolden(join(DIR, `${file}.txt`), actual);
  return actual;
}

interface Verdict { ok: boolean; model: { name: string } | null; source: Side; target: Side }
interface Side { environment: string; runnable: boolean; error?: string; reasons?: { kind: string; features: string[]; rule?: { id: string } }[] }

describe('migrate expands host and max on the source, then checks the target', () => {
  it('host of a z16 cannot go to a z15: the generation and the features the z15 lacks', async () => {
    const text = await golden('migrate-host-z16-z15', 'migrate host --from z16-lpar --to z15-lpar', 1);
    expect(text).toContain('the source expands `host` to gen16a-base');
    const v = json(await cli('migrate host --from z16-lpar --to z15-lpar --json')) as Verdict;
    expect([v.ok, v.model?.name, v.source.runnable, v.target.runnable]).toEqual([false, 'gen16a-base', true, false]);
    const kinds = v.target.reasons!.map((r) => r.kind);
    expect(kinds[0]).toBe('generation');
    expect(v.target.reasons![0]!.features).toEqual(['type']);
    expect(v.target.reasons!.flatMap((r) => r.features)).toContain('nnpa');
  });

  it('max of a z17 cannot go to a z15', async () => {
    await golden('migrate-max-z17-z15', 'migrate max --from z17-lpar --to z15-lpar', 1);
    const v = json(await cli('migrate max --from z17-lpar --to z15-lpar --json')) as Verdict;
    expect([v.ok, v.model?.name, v.target.error]).toEqual([false, 'gen17a-base', "Selected CPU generation is too new. Maximum supported model in the current configuration: 'gen15a'"]);
  });

  it('host of a z15 can go to a z16 (the z16 runs the z15 host model)', async () => {
    const r = await cli('migrate host --from z15-lpar --to z16-lpar');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('`host` can migrate from z15-lpar to z16-lpar');
  });

  it('says which side failed: the TCG target, or a TCG source without `host`', async () => {
    const to = await cli('migrate host --from z16-lpar --to tcg');
    expect(to.code).toBe(1);
    expect(to.out.split('\n')[0]).toBe('`host` cannot migrate from z16-lpar to tcg: the target fails');
    expect(to.out).toContain('TCG: ');
    const from = await golden('migrate-host-from-tcg', 'migrate host --from tcg --to z16-lpar', 1);
    expect(from.split('\n')[0]).toBe('`host` cannot migrate from tcg to z16-lpar: the source fails');
  });

  it('a named model keeps its meaning: z14 needs CPACF on both sides', async () => {
    const v = json(await cli('migrate z14 --from z15-lpar --to z15-lpar-no-cpacf --json')) as Verdict;
    expect([v.ok, v.source.runnable, v.target.runnable]).toEqual([false, true, false]);
    expect(v.target.reasons!.map((r) => [r.kind, r.rule?.id, r.features.length])).toEqual([['export-regulation', 'environment/cpacf-enablement', 105]]);
  });
});
