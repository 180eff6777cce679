/**
 * The seed's question on real x86 hosts (the built-in environments: this
 * project's own KVM machine as QEMU 10.0 recorded it, a Core i5 650 and an
 * EPYC host from libvirt's test data), asked as `-cpu` and as libvirt's CPU
 * XML; migration with `host` expanded on the source; a cluster model that
 * runs on every host and keeps exactly what all host models share.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden-file.js';
import { cli, json } from '../cli/run.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const HOSTS = ['xeon-nested-kvm', 'core-i5-650', 'epyc-rome'] as const;
const GUEST_XML = join(import.meta.dirname, '..', 'cli', 'fixtures', 'libvirt', 'seed-westmere.xml');

interface Verdict { runnable: boolean; unavailable: string[]; reasons?: { label: string; features: string[] }[]; fix?: { drop: string[] } }
interface Model { name: string; props: Record<string, unknown> }

const checkRun = async (model: string, env: string) => json(await cli(['check-run', model, '--env', env, '--json'])) as Verdict;
const hostFeatures = async (env: string) =>
  Object.entries((json(await cli(['host', env, '--arch', 'x86_64', '--json'])) as { model: Model }).model.props).filter(([, v]) => v === true).map(([k]) => k);

describe('the seed\'s question on real x86 hosts', () => {
  for (const env of HOSTS) {
    it(`Westmere,aes=on on ${env}: the verdict, grouped reasons and the fix (golden); libvirt's CPU XML gets the same verdict`, async () => {
      const text = await cli(['check-run', 'Westmere,aes=on', '--env', env]);
      expectGolden(join(GOLDEN, `x86-check-run-${env}.txt`), `${text.err}${text.out}`);
      const asSpec = await checkRun('Westmere,aes=on', env);
      const asXml = await checkRun(GUEST_XML, env);
      expect(asXml.runnable).toBe(asSpec.runnable);
      expect(asXml.unavailable).toEqual(asSpec.unavailable);
      if (!asSpec.runnable) {
        expect(asSpec.reasons!.every((r) => r.label === `host \`${env}\``)).toBe(true);
        // The fix runs there.
        expect((await checkRun(`Westmere,${asSpec.unavailable.map((f) => `${f}=off`).join(',')}`, env)).runnable).toBe(true);
      }
    }, 60_000);
  }

  it('the nested Xeon lacks SSE3 and up (it is a KVM guest with a reduced CPU): Westmere cannot run; on the Core i5 650 it can', async () => {
    expect((await checkRun('Westmere,aes=on', 'xeon-nested-kvm')).unavailable).toEqual(['pni', 'pclmulqdq', 'ssse3', 'sse4.1', 'sse4.2', 'popcnt', 'aes']);
    expect((await checkRun('Westmere,aes=on', 'core-i5-650')).runnable).toBe(true);
  }, 60_000);
});

describe('migration and clusters on x86 hosts', () => {
  it('`host` is expanded on the source: the EPYC host model cannot move to the Core i5 650, the target fails (golden)', async () => {
    const r = await cli(['migrate', 'host', '--from', 'epyc-rome', '--to', 'core-i5-650', '--arch', 'x86_64']);
    expect(r.code).toBe(1);
    expectGolden(join(GOLDEN, 'x86-migrate-host.txt'), r.out);
  }, 60_000);

  it('a named model both hosts run migrates', async () => {
    const r = await cli(['migrate', 'Nehalem', '--from', 'core-i5-650', '--to', 'epyc-rome']);
    expect([r.code, r.out.split('\n')[0]]).toEqual([0, '`Nehalem` can migrate from core-i5-650 to epyc-rome']);
  }, 60_000);

  it('cluster: the model has exactly the features every host model has, and it runs on each host; Intel with AMD is refused', async () => {
    const mixed = await cli(['cluster', ...HOSTS, '--arch', 'x86_64']);
    expect([mixed.code, mixed.err]).toEqual([1, expect.stringContaining("the hosts' vendors differ (xeon-nested-kvm: GenuineIntel, core-i5-650: GenuineIntel, epyc-rome: AuthenticAMD)")]);
    const INTEL = HOSTS.filter((h) => h !== 'epyc-rome');
    const r = await cli(['cluster', ...INTEL, '--arch', 'x86_64', '--json']);
    expect(r.code).toBe(0);
    const answer = json(r) as { model: Model; proposal: Model | null };
    const models = await Promise.all(INTEL.map(hostFeatures));
    const common = models.reduce((acc, m) => acc.filter((f) => m.includes(f)));
    // The answer is a named model with props: its features are its expansion's (static, as QEMU writes them).
    const expanded = json(await cli(['expand', [answer.model.name, ...Object.keys(answer.model.props).map((f) => `${f}=on`)].join(','), '--env', INTEL[0]!, '--json'])) as { model: Model };
    const got = Object.entries(expanded.model.props).filter(([, v]) => v === true).map(([k]) => k);
    expect(got.sort()).toEqual([...common].sort());
    const spec = [answer.model.name, ...Object.keys(answer.model.props).map((f) => `${f}=on`)].join(',');
    for (const env of INTEL) expect([env, (await checkRun(spec, env)).runnable]).toEqual([env, true]);
    expectGolden(join(GOLDEN, 'x86-cluster-explain.txt'), (await cli(['cluster', ...INTEL, '--arch', 'x86_64', '--explain'])).out);
  }, 120_000);

  it('migrate to tcg says which side fails', async () => {
    const r = await cli(['migrate', 'max', '--from', 'core-i5-650', '--to', 'tcg', '--arch', 'x86_64']);
    expect(r.out.split('\n')[0]).toBe('`max` cannot migrate from core-i5-650 to tcg: the target fails');
  }, 60_000);
});
