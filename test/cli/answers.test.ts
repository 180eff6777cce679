import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliGolden, json } from './run.js';

/**
 * Answers a cloud engineer can act on (issue 12): migrate expands on the
 * source first, check-run groups the missing features by reason with a fix,
 * definitions --explain groups per reason, cluster explains and proposes,
 * hints use the marketing names. Golden human output: UPDATE_GOLDEN=1
 * rewrites the files; review the diff.
 */
const DIR = join(import.meta.dirname, 'golden', 'answers');

const golden = (file: string, argv: string, code: number) => cliGolden(DIR, file, argv, code);

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

interface Run { runnable: boolean; unavailable: string[]; reasons?: { kind: string; label: string; reason: string; features: string[]; rule?: { id: string; at: string } }[];
  fix?: { closest: { name: string; props?: Record<string, boolean> } | null; drop: string[] | null; spec?: string } }

const specOf = (m: { name: string; props?: Record<string, boolean> }) => [m.name, ...Object.entries(m.props ?? {}).map(([k, v]) => `${k}=${v ? 'on' : 'off'}`)].join(',');

describe('check-run: runnable or not, grouped by reason, with a fix', () => {
  it('z14,vx=off without CPACF: 105 features once, under the export regulation rule with its file:line', async () => {
    const text = await golden('check-run-z14-vx-off-no-cpacf', 'check-run z14,vx=off --env z15-lpar-no-cpacf', 1);
    const reasons = text.slice(0, text.indexOf('\nfix: '));
    for (const f of ['kmac-dea', 'km-aes-128', 'kma-gcm-eaes-256']) expect(reasons.split(/\s+/).filter((w) => w === f)).toHaveLength(1);
    const v = json(await cli('check-run z14,vx=off --env z15-lpar-no-cpacf --json')) as Run;
    expect(v.reasons!.map((r) => [r.kind, r.label, r.rule?.id, r.features.length])).toEqual([['export-regulation', 'export regulation', 'environment/cpacf-enablement', 105]]);
    expect(v.reasons![0]!.rule!.at).toMatch(/^rules\/s390x\/environment\.yaml:\d+:\d+$/);
    expect(new Set(v.reasons!.flatMap((r) => r.features))).toEqual(new Set(v.unavailable));
  });

  it('the fix runs: the closest model (baseline with the host) and the request with the dropped props', async () => {
    const v = json(await cli('check-run z14,vx=off --env z15-lpar-no-cpacf --json')) as Run;
    expect(v.fix!.drop).toHaveLength(105);
    expect((await cli(['check-run', v.fix!.spec!, '--env', 'z15-lpar-no-cpacf'])).code).toBe(0);
    expect((await cli(['check-run', specOf(v.fix!.closest!), '--env', 'z15-lpar-no-cpacf'])).code).toBe(0);
    const host = (json(await cli('host z15-lpar-no-cpacf --json')) as { model: { name: string; props?: Record<string, boolean> } }).model;
    const baseline = json(await cli(['baseline', 'z14,vx=off', specOf(host), '--json'])) as { model: unknown };
    expect(v.fix!.closest).toEqual(baseline.model);
  });

  it('--explain adds the facts and the assumption behind the rule', async () => {
    const text = await golden('check-run-z14-vx-off-no-cpacf-explain', 'check-run z14,vx=off --env z15-lpar-no-cpacf --explain', 1);
    expect(text).toContain('fact: cpacf equal false (here: false)');
  });

  it('a generation too new, environment rules and explicit facts each get their group; no props help', async () => {
    await golden('check-run-gen16a-second-level', 'check-run gen16a --env z15-second-level', 1);
    const v = json(await cli('check-run gen16a --env z15-second-level --json')) as Run;
    expect(v.reasons!.map((r) => r.kind)).toEqual(['generation', 'generation', 'environment', 'environment', 'explicit']);
    expect(v.reasons![0]!.features).toEqual(['type']);
    expect(v.fix!.drop).toBeNull();
    expect((await cli(['check-run', specOf(v.fix!.closest!), '--env', 'z15-second-level'])).code).toBe(0);
  });

  it('under TCG the reason is TCG, citing the maximum model; the dropped request runs', async () => {
    const v = json(await cli('check-run gen15a,vx=off --json')) as Run;
    expect(v.reasons!.map((r) => [r.kind, r.rule?.id])).toEqual([['tcg', 'tcg_max']]);
    expect((await cli(['check-run', v.fix!.spec!])).code).toBe(0);
  });

  it('a runnable model says so and nothing more', async () => {
    const r = await cli('check-run z14ZR1 --env z15-ibc-z14ga2');
    expect([r.code, r.out]).toEqual([0, 'runs on z15-ibc-z14ga2\n']);
  });
});

describe('definitions --explain groups per reason', () => {
  it('without CPACF each model names the export regulation once, with its features, not once per feature', async () => {
    const text = await golden('definitions-explain-no-cpacf', 'definitions --explain --env z15-lpar-no-cpacf', 0);
    const models = text.split('\n\n');
    const blocked = models.filter((m) => m.includes('cannot run unchanged'));
    expect(blocked.length).toBeGreaterThan(20);
    for (const m of blocked) expect(m.match(/environment rule `cpacf-enablement`/g)).toHaveLength(1);
    expect(text.split('\n').length).toBeLessThan(600);
    const z14 = models.find((m) => m.startsWith('`z14` '))!;
    expect(z14.split('\n')[0]).toContain('(105 unavailable, for 1 reason)');
    expect(z14.split(/\s+/).filter((w) => w === 'km-aes-128')).toHaveLength(1);
  });

  it('under TCG one TCG reason per model, citing the maximum model', async () => {
    const text = (await cli('definitions --explain')).out;
    const z13 = text.split('\n\n').find((m) => m.startsWith('`z13-base` '))!;
    expect(z13.split('\n')).toHaveLength(2);
    expect(z13).toContain('TCG: 27 missing');
  });
});

interface Cluster { model: { name: string; props?: Record<string, boolean> }; warnings: string[]; proposal: { name: string; props?: Record<string, boolean> } | null; drop: string[] }

describe('cluster: one host or more, --explain, dependency warnings and a proposal', () => {
  const HOSTS = 'z15-lpar z16-lpar z16-nested-kvm';

  it('z15-lpar z16-lpar z16-nested-kvm: the baseline breaks apqci/apft/apqi without ap on every host; the proposal fixes it', async () => {
    const text = await golden('cluster-z15-z16-nested', `cluster ${HOSTS}`, 0);
    expect(text).toContain("warning: 'apqci' requires 'ap'.");
    const c = json(await cli(`cluster ${HOSTS} --json`)) as Cluster;
    expect(c.warnings).toEqual(["'apqci' requires 'ap'.", "'apft' requires 'ap'.", "'apqi' requires 'ap'."]);
    expect(c.drop).toEqual(['apqci', 'apft', 'apqi']);
    const spec = specOf(c.proposal!);
    for (const env of HOSTS.split(' ')) expect((await cli(['check-run', spec, '--env', env])).code, env).toBe(0);
    expect((await cli(['lint-model', spec])).code).toBe(0);
    expect((await cli(['lint-model', specOf(c.model)])).code).toBe(1);
  });

  it('--explain says which host removed which feature, with the rule', async () => {
    const text = await golden('cluster-z15-z16-nested-explain', `cluster ${HOSTS} --explain`, 0);
    expect(text).toMatch(/z16-nested-kvm removed 4: unpack ap appv appvi\n/);
    expect(text).toContain('[environment/ap-needs-apie @ rules/s390x/environment.yaml:');
    expect(text).toContain("'apqci' requires 'ap': `ap` is missing on z16-nested-kvm");
  });

  it('--format cpu-spec gives the model to use: the proposal, which runs on every host and breaks nothing', async () => {
    const spec = (await cli(`cluster ${HOSTS} --format cpu-spec`)).out.trim();
    const c = json(await cli(`cluster ${HOSTS} --json`)) as Cluster;
    const again = json(await cli(['expand', spec, '--json'])) as Cluster;
    expect(again.model).toEqual(c.proposal);
    for (const env of HOSTS.split(' ')) expect((await cli(['check-run', spec, '--env', env])).code, env).toBe(0);
    expect((await cli(['lint-model', spec])).code).toBe(0);
  });

  it('host --format cpu-spec and libvirt rebuild the static host model', async () => {
    const host = (json(await cli('host z16-lpar --json')) as Cluster).model;
    const spec = (await cli('host z16-lpar --format cpu-spec')).out.trim();
    expect((json(await cli(['expand', spec, '--json'])) as Cluster).model).toEqual(host);
    expect((await cli('host z16-lpar --format libvirt')).out).toMatch(/^<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>gen16a-base<\/model>\n/);
  });

  it('a single host is allowed: its host model', async () => {
    const c = json(await cli('cluster z16-lpar --json')) as Cluster;
    const host = (json(await cli('host z16-lpar --json')) as Cluster).model;
    expect(c.model).toEqual(host);
    expect([c.warnings, c.proposal]).toEqual([[], null]);
  });

  it('a model without dependency problems has no proposal', async () => {
    const r = await cli('cluster z15-lpar z16-lpar');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('warning:');
    expect(r.out).not.toContain('proposed');
  });
});

describe('hints reuse the explanations', () => {
  it('expand z15 suggests gen15a (the marketing name explain knows), not z13', async () => {
    const r = await cli('expand z15');
    expect(r.code).toBe(1);
    expect(r.err).toBe("error: The CPU definition 'z15' is unknown.\nhelp: QEMU calls it `gen15a` (IBM z15 T01 GA1) or `gen15b` (IBM z15 T02 GA1); did you mean `gen15a`?\n");
    const why = (await cli('explain z15 vx')).out;
    expect(why).toContain('QEMU calls it `gen15a` (IBM z15 T01 GA1)');
    expect(why).not.toContain('`z13`');
  });

  it('z16 and z17 are the generations QEMU describes by machine type only', async () => {
    expect((await cli('expand z16')).err).toContain('did you mean `gen16a`?');
    expect((await cli('check-run z17 --env z17-lpar')).err).toContain('did you mean `gen17a`?');
    expect((await cli('expand z17 --profile qemu-7.2')).err).toContain('did you mean `z13`?');
    expect((await cli('expand z14x')).err).toContain('did you mean `z14`?');
  });
});

describe('check-run on x86_64 (TCG): grouped by reason, with the props to switch off', () => {
  it('Skylake-Server: 11 features TCG cannot provide, citing the accelerator rule; the fix runs', async () => {
    await golden('check-run-skylake-server', 'check-run Skylake-Server', 1);
    const v = json(await cli('check-run Skylake-Server --json')) as Run;
    expect(v.reasons!.map((r) => [r.kind, r.rule?.id, r.features.length])).toEqual([['tcg', 'accelerator:tcg', 11]]);
    // The closest model: cpumodel's x86 baseline of the request with what TCG provides; it runs.
    expect(v.fix!.closest!.name).toBe('Westmere');
    expect((await cli(['check-run', specOf(v.fix!.closest!)])).code).toBe(0);
    expect((await cli(['check-run', v.fix!.spec!])).code).toBe(0);
  });

  it('a dependency row QEMU applies is its own reason', async () => {
    const v = json(await cli('check-run Westmere,vmx-ept=on --json')) as Run;
    expect(v.reasons!.map((r) => [r.kind, r.rule?.id, r.features])).toEqual([['dependency', 'dependency:vmx-secondary-ctls/secondary-ctls', ['vmx-ept']]]);
    expect((await cli(['check-run', v.fix!.spec!])).code).toBe(0);
  });
});
