import { describe, expect, it } from 'vitest';
import { builtinRules, environmentNames } from '../../src/index.js';
import { cli as run } from '../cli/run.js';
import { s390xEngine as builtinEngine, checkRun, clusterBaseline, explainUnavailable, migrate, resolveEnvironment, type Engine } from '../s390x.js';
import { createQmpSession } from '../../src/server/qmp-server.js';
import { S390xEngine } from '../../src/target/s390x/arch-engine.js';

async function envEngine(name: string, profile = 'qemu-10.0'): Promise<Engine> {
  const r = await resolveEnvironment(builtinEngine(profile), name);
  if ('diagnostics' in r) throw new Error(JSON.stringify(r.diagnostics));
  return builtinEngine(profile, { environment: r.environment });
}

const names = (e: Engine, set: Iterable<number>) => [...set].map((i) => e.rules.features[i]!.name);
const host = (e: Engine) => e.options.environment!.host!;

describe('environments', () => {
  it('every built-in environment resolves under both profiles, except hardware newer than the profile and the impossible z16-zvm', async () => {
    expect(environmentNames()).toContain('z15-lpar');
    const possible = environmentNames().filter((n) => n !== 'z16-zvm');
    for (const name of possible) await expect(envEngine(name, 'qemu-10.0')).resolves.toBeDefined();
    for (const name of possible.filter((n) => !n.startsWith('z17'))) await expect(envEngine(name, 'qemu-7.2')).resolves.toBeDefined();
    const z17 = await resolveEnvironment(builtinEngine('qemu-7.2'), 'z17-lpar');
    expect('diagnostics' in z17 && z17.diagnostics[0]!.message).toBe('no CPU definition has cpu type 0x9175 at GA 1');
  });

  it('an IBC at z14 GA2 on a z15 caps the host model at z14ZR1 (the table-order quirk) and blocks gen15 models', async () => {
    const e = await envEngine('z15-ibc-z14ga2');
    expect(host(e).def.name).toBe('z14ZR1');
    const run = checkRun(e, { name: 'gen15a-base' });
    expect(run.ok && run.value.error).toBe("Selected CPU generation is too new. Maximum supported model in the current configuration: 'z14ZR1'");
    expect(run.ok && run.value.unavailable.at(-1)).toBe('type');
  });

  it('without the CPACF enablement exactly the cipher and MAC functions go, and each is explained by that rule', async () => {
    const [on, off] = [await envEngine('z15-lpar'), await envEngine('z15-lpar-no-cpacf')];
    const gone = names(on, host(on).features.andNot(host(off).features));
    expect(gone).toContain('km-aes-128');
    expect(gone.every((n) => /^(km|kmc|kmac|kmctr|kmf|kmo|kma|pcc|pckmo)-/.test(n))).toBe(true);
    expect(names(on, host(off).features)).toEqual(expect.arrayContaining(['kimd-sha-256', 'klmd-sha-512', 'prno-trng', 'msa-base']));
    const why = explainUnavailable(off, 'z14')!;
    expect(why.claim).toContain('(105 unavailable, for 1 reason)');
    expect(why.premises!.map((p) => p.rule!.id)).toEqual(['environment/cpacf-enablement']);
    expect(why.premises![0]!.premises![0]!.claim).toBe('fact: cpacf equal false (here: false)');
  });

  it('a guest with z14 can run on both z15 hosts only when both have CPACF', async () => {
    const [on, off] = [await envEngine('z15-lpar'), await envEngine('z15-lpar-no-cpacf')];
    const m = migrate(on, off, { name: 'z14' });
    expect(m.ok && [m.value.ok, m.value.source.runnable, m.value.target.runnable]).toEqual([false, true, false]);
    const safe = migrate(on, off, { name: 'z14', props: [['msa4', false], ['msa3', false], ['msa8', false], ['msa', false], ['msa1', false], ['msa2', false]] });
    expect(safe.ok && safe.value.target.unavailable).toEqual([]);
  });

  it('nested=1 offers the SIE features a guest hypervisor needs, never skey; an LPAR host without nesting none', async () => {
    const [nested, lpar] = [await envEngine('z16-nested-kvm'), await envEngine('z16-lpar')];
    const has = (e: Engine, f: string) => host(e).features.has(e.rules.featureIndex.get(f)!);
    expect(['sief2', 'kss', 'gsls'].map((f) => has(nested, f))).toEqual([true, true, true]);
    expect(['sief2', 'skey', 'cmma'].map((f) => has(lpar, f))).toEqual([false, false, false]);
    expect(has(nested, 'skey')).toBe(false);
  });

  it('a KVM in a z/VM guest is impossible by the rules (z/VM takes sief2, KVM needs it): refused with both rules', async () => {
    const r = await builtinRules('s390x').withEnvironment('z16-zvm');
    expect('diagnostics' in r && r.diagnostics.map((d) => [d.code, d.span?.file, d.related?.map((x) => x.message.split(':')[0])])).toEqual([
      ['env/impossible-environment', 'models/s390x/environments/z16-zvm.yaml', ['`zvm-no-sie` takes `sief2`', '`kvm-needs-sie` requires `sief2`']]]);
    const cli = await run(['--arch', 's390x', 'host', 'z16-zvm']);
    expect([cli.code, cli.out]).toEqual([1, '']);
    expect(cli.err).toContain('error[env/impossible-environment]: environment `z16-zvm` is impossible: rule `zvm-no-sie` takes `sief2`');
  });

  it('the cluster baseline of a z15 and a z16 host is gen15a with what both offer', async () => {
    const [a, b] = [await envEngine('z15-lpar'), await envEngine('z16-lpar')];
    const m = clusterBaseline([a, b]);
    expect(m.ok && m.value.def.name).toBe('gen15a');
    expect(m.ok && host(a).features.containsAll(m.value.features) && host(b).features.containsAll(m.value.features)).toBe(true);
  });

  it('over QMP, `host` exists under KVM (not migration-safe, runnable) and is unknown otherwise', async () => {
    const ask = (e: Engine, line: string) => {
      const s = createQmpSession(new S390xEngine(e), 'test');
      s.onInput('{"execute":"qmp_capabilities"}\n');
      return JSON.parse(s.onInput(`${line}\n`)[0]!);
    };
    const e = await envEngine('z16-lpar');
    const defs = ask(e, '{"execute":"query-cpu-definitions"}').return as { name: string; 'migration-safe': boolean; 'unavailable-features': string[] }[];
    const h = defs.find((d) => d.name === 'host')!;
    expect([h['migration-safe'], h['unavailable-features']]).toEqual([false, []]);
    expect(ask(e, '{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"host"}}}').return.model.name).toBe('gen16a-base');
    expect(ask(builtinEngine(), '{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"host"}}}').error.desc)
      .toBe("The CPU definition 'host' is unknown.");
  });

  it('reports unknown environments and unknown names in an environment file as diagnostics', async () => {
    const r = await resolveEnvironment(builtinEngine(), 'z15-lapr');
    expect('diagnostics' in r && r.diagnostics[0]!.help).toBe('did you mean `z15-lpar`?');
  });
});
