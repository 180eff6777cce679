import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnf, implies } from '../../src/target/s390x/check/semantic/condition-logic.js';
import { environmentNames, openRules } from '../../src/index.js';
import { s390xEngine as builtinEngine, resolveEnvironment } from '../s390x.js';
import { cli } from '../cli/run.js';

/**
 * `cpumodel check` and the policy checks: what the built-in rules report (and
 * why that is right), exit codes and formats, and the environment firing
 * agreeing with `--env`.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE_ENVS = join(ROOT, 'test/fixtures/libvirt-hosts/envs');
const codes = (out: string) => [...out.matchAll(/(warning|error)\[([^\]]+)\]: (.*)/g)].map((m) => `${m[2]} ${m[3]}`);

describe('cpumodel check on the built-in rules', () => {
  it('has no errors, exactly the expected warnings, and exits 0', async () => {
    const r = await cli(['check']);
    expect(r.code).toBe(0);
    const found = codes(r.out);
    // QEMU's own idter: declared, in no generation's full set.
    expect(found.filter((c) => c.startsWith('check/never-usable'))).toEqual([
      "check/never-usable feature `idter` is in no definition's full set: no CPU model can enable it"]);
    // Old machine types switch features off in the default models that others still require: QEMU warns there too.
    expect(found.filter((c) => c.startsWith('check/default-breaks-dependency')).map((c) => /`(\S+)` without `(\S+)`/.exec(c)!.slice(1).join('>')))
      .toEqual(['vxpdeh3>vxpdeh2', 'iep>sea_esop2', 'gs>sea_esop2']);
    // The acknowledged repeat (mepoch → tods-base with its own id) and the exempt msa DEA/TDEA/SHA-1 functions are quiet.
    expect(found.filter((c) => /duplicate-rule|shadowed-rule|environment-dependent-base|partial-group|set-not-nested|dependency-cycle|requires-newer/.test(c))).toEqual([]);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(`0 errors, ${found.length} warnings`);
  });

  it('every environment rule fires once the recorded libvirt hosts are environments too', async () => {
    const r = await cli(['check', '--environments', join(ROOT, 'models/s390x/environments'), '--environments', FIXTURE_ENVS]);
    expect(codes(r.out).filter((c) => c.startsWith('check/rule-never-fires'))).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('reports exactly the rules that no built-in environment fires under --env (none: the examples exercise every rule)', async () => {
    const fired = new Set<string>();
    for (const profile of ['qemu-7.2', 'qemu-10.0']) {
      for (const name of environmentNames()) {
        const resolved = await resolveEnvironment(builtinEngine(profile), name);
        if ('environment' in resolved) resolved.environment.fired.forEach((id) => fired.add(id));
        // An impossible environment (z16-zvm) is refused, naming the two rules that fired to make it so.
        else resolved.diagnostics.flatMap((d) => d.related ?? []).forEach((x) => fired.add(/`([^`]+)`/.exec(x.message)![1]!));
      }
    }
    const ids = builtinEngine().rules.envRules.map((r) => r.id).filter((id) => !fired.has(id));
    const r = await cli(['check']);
    const reported = codes(r.out).filter((c) => c.startsWith('check/rule-never-fires')).map((c) => /`([^`]+)`/.exec(c)![1]);
    expect(reported.sort()).toEqual(ids.sort());
    expect(ids).toEqual([]);
  });
});

describe('cpumodel check: formats and exit codes', () => {
  const golden = (name: string) => join(ROOT, 'test/golden/check', name);
  it('exits 1 on errors, 0 on warnings only', async () => {
    expect((await cli(['check', golden('dependency-cycle')])).code).toBe(1);
    expect((await cli(['check', golden('never-usable')])).code).toBe(0);
    expect((await cli(['check', golden('unknown-feature')])).code).toBe(1);
  });
  it('--format json gives the diagnostics as data and a summary', async () => {
    const r = await cli(['check', golden('duplicate-rule'), '--format', 'json']);
    const data = JSON.parse(r.out) as { diagnostics: { code: string; span: { line: number } }[]; summary: { errors: number; warnings: number } };
    expect(data.summary).toEqual({ errors: 0, warnings: 2 });
    expect(data.diagnostics.map((d) => [d.code, d.span.line])).toEqual([['check/duplicate-rule', 11], ['check/duplicate-rule', 20]]);
    expect((await cli(['check', golden('duplicate-rule'), '--json'])).out).toBe(r.out);
  });
  it('rejects an unknown format and unreadable paths', async () => {
    expect((await cli(['check', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['check', '/nonexistent/rules'])).code).toBe(2);
    expect((await cli(['check', '--environments', '/nonexistent/envs'])).code).toBe(2);
  });
  it('reports problems in environment descriptions too', async () => {
    const r = await cli(['check', golden('valid'), '--environments', join(ROOT, 'test/cli/fixtures/broken')]);
    expect(r.code).toBe(1);
  });
  it('every golden case is a directory with rules.yaml', () => {
    for (const name of readdirSync(join(ROOT, 'test/golden/check'))) expect(openRules([golden(name)]).sources.length).toBe(1);
  });
});

describe('condition implication', () => {
  const kvm = { fact: 'accelerator', operator: 'equal', value: 'kvm' };
  const noCpacf = { fact: 'cpacf', operator: 'equal', value: false };
  const zvm = { fact: 'hypervisor', operator: 'equal', value: 'zvm' };
  it('a stronger conjunction implies a weaker one, not the other way', () => {
    expect(implies(dnf({ all: [kvm, noCpacf] }), dnf({ all: [kvm] }))).toBe(true);
    expect(implies(dnf({ all: [kvm] }), dnf({ all: [kvm, noCpacf] }))).toBe(false);
  });
  it('handles any and not (De Morgan)', () => {
    expect(implies(dnf({ all: [kvm] }), dnf({ any: [kvm, zvm] }))).toBe(true);
    expect(implies(dnf({ any: [kvm, zvm] }), dnf({ all: [kvm] }))).toBe(false);
    expect(implies(dnf({ not: { any: [kvm, zvm] } }), dnf({ not: kvm }))).toBe(true);
    expect(implies(dnf({ all: [kvm, { not: kvm }] }), dnf({ all: [zvm] }))).toBe(true);
  });
  it('gives up (no claim) on malformed or huge conditions', () => {
    expect(dnf(42)).toBeNull();
    const wide = { all: Array.from({ length: 10 }, (_, i) => ({ any: [{ fact: 'kernel', operator: 'equal', value: i }, zvm] })) };
    expect(dnf(wide)).toBeNull();
    expect(implies(dnf(wide), dnf({ all: [kvm] }))).toBe(false);
  });
});

describe('summaries', async () => {
  const { definitionRange, mergeFindings } = await import('../../src/target/s390x/check/semantic/context.js');
  const rules = builtinEngine('qemu-10.0').rules;
  const idx = (...names: string[]) => names.map((n) => rules.definitionIndex.get(n)!);
  it('names definitions by range', () => {
    expect(definitionRange(rules, idx('z14'))).toBe('`z14`');
    expect(definitionRange(rules, idx('z13', 'z13.2', 'z13s'))).toBe('`z13` to `z13s` (3 definitions)');
    expect(definitionRange(rules, idx('gen17a', 'gen17b'))).toBe('`gen17a` and every later definition');
    expect(definitionRange(rules, idx('z900', 'z13', 'z14', 'gen15a', 'gen16a'))).toBe('`z900`, `z13`, `z14` and 2 more');
  });
  it('merges findings of several profiles and names the profiles only when not all have it', () => {
    const f = (key: string) => ({ code: 'check/x', severity: 'warning' as const, key, message: `m ${key}` });
    const merged = mergeFindings(new Map([['a', [f('1'), f('2')]], ['b', [f('1')]]]));
    expect(merged.map((d) => d.message)).toEqual(['m 1', 'm 2 (profile a)']);
  });
});
