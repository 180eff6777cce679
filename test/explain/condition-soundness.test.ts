import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, environmentNames } from '../../src/index.js';
import type { Because, Fact } from '../../src/explain/because.js';
import type { EnvRuleIR } from '../../src/target/s390x/compile/ir.js';
import { firedRules } from '../../src/target/s390x/solve/conditions.js';
import { compareVersions } from '../../src/util/version.js';
import { Random } from '../../src/util/random.js';

/**
 * Soundness of environment explanations and of condition trees: every fact
 * test an explanation cites holds for the environment (a test cited under
 * a `not` fails), and exactly the tests that decided the rule are cited:
 * every branch of an `all`, only the true branches of an `any`, the negated
 * test of a `not`. The reference below evaluates conditions on its own
 * (not through json-rules-engine, which the rules engine uses).
 */
type Tree = Record<string, unknown>;
type Facts = Record<string, unknown>;

const OPS: Record<string, (a: unknown, b: unknown) => boolean> = {
  equal: (a, b) => a === b, notEqual: (a, b) => a !== b,
  lessThan: (a, b) => Number(a) < Number(b), lessThanInclusive: (a, b) => Number(a) <= Number(b),
  greaterThan: (a, b) => Number(a) > Number(b), greaterThanInclusive: (a, b) => Number(a) >= Number(b),
  in: (a, b) => Array.isArray(b) && b.includes(a), notIn: (a, b) => Array.isArray(b) && !b.includes(a),
  contains: (a, b) => Array.isArray(a) && a.includes(b), doesNotContain: (a, b) => Array.isArray(a) && !a.includes(b),
  versionAtLeast: (a, b) => typeof a === 'string' && compareVersions(a, String(b)) >= 0,
  versionBelow: (a, b) => typeof a === 'string' && compareVersions(a, String(b)) < 0,
};

function holds(t: Tree, facts: Facts): boolean {
  if (Array.isArray(t.all)) return (t.all as Tree[]).every((c) => holds(c, facts));
  if (Array.isArray(t.any)) return (t.any as Tree[]).some((c) => holds(c, facts));
  if (t.not) return !holds(t.not as Tree, facts);
  return OPS[String(t.operator)]!(facts[String(t.fact)], t.value);
}

/** The tests that make `t` come out `wanted`, as `[negated] fact operator value`. */
function deciding(t: Tree, facts: Facts, wanted = true, negated = false): string[] {
  const pick = (list: Tree[], every: boolean) => list.filter((c) => every || holds(c, facts) === wanted).flatMap((c) => deciding(c, facts, wanted, negated));
  if (Array.isArray(t.all)) return pick(t.all as Tree[], wanted);
  if (Array.isArray(t.any)) return pick(t.any as Tree[], !wanted);
  if (t.not) return deciding(t.not as Tree, facts, !wanted, !negated);
  return [`${negated ? 'not ' : ''}${String(t.fact)} ${String(t.operator)} ${JSON.stringify(t.value)}`];
}

const cited = (f: Extract<Fact, { kind: 'condition' }>) => `${f.negated ? 'not ' : ''}${f.fact} ${f.operator} ${JSON.stringify(f.value)}`;

function conditionFacts(b: Because, out: { rule: string; tests: Extract<Fact, { kind: 'condition' }>[] }[] = []) {
  const f = b.fact;
  if (f?.kind === 'host' && f.cause === 'rule') {
    out.push({ rule: f.rule!, tests: (b.premises ?? []).map((p) => p.fact).filter((x): x is Extract<Fact, { kind: 'condition' }> => x?.kind === 'condition') });
  }
  b.premises?.forEach((p) => conditionFacts(p, out));
  return out;
}

describe('environment explanations cite only the facts that decided', () => {
  const rs = builtinRules('s390x');
  let checkedRules = 0;
  const rules = (rs.ast as { envRules: { id: { value: string }; when: { tree: Tree } }[] }).envRules;
  for (const name of environmentNames('s390x')) {
    it(`every cited test holds and decided its rule: ${name}`, async () => {
      const r = await rs.withEnvironment(name);
      if (!('engine' in r)) return expect(r.diagnostics.map((d) => d.code)).toEqual(['env/impossible-environment']);
      const why = r.engine.hosts?.explainHost();
      if (!why) return;
      for (const { rule, tests } of conditionFacts(why)) {
        checkedRules++;
        const tree = rules.find((x) => x.id.value === rule)!.when.tree;
        const facts: Facts = { ...Object.fromEntries(tests.map((t) => [t.fact, t.here])) };
        for (const t of tests) expect(OPS[t.operator]!(t.here, t.value), `${rule}: ${cited(t)} (here: ${JSON.stringify(t.here)})`).toBe(!t.negated);
        expect(tests.map(cited).sort(), rule).toEqual(deciding(tree, facts).sort());
      }
    });
  }
  it('checked the rules of many explanations', () => expect(checkedRules).toBeGreaterThan(30));
  it('a KVM without the CPU-topology capability: ctop cites that, not the untaken branch `qemu versionBelow "8.2"`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpumodel-sound-'));
    try {
      writeFileSync(join(dir, 'e.yaml'), 'environment:\n  description: "z16 LPAR, no topology"\n  accelerator: kvm\n  machine: {cpu_type: 0x3931, ga: 1}\n  layers: [lpar]\n  kernel: {version: "6.1", nested: false, capabilities: [ais, etoken, bpb, cmma, diag318]}\n');
      const r = await rs.withEnvironment(join(dir, 'e.yaml'));
      if (!('engine' in r)) throw new Error(JSON.stringify(r.diagnostics));
      const ctop = conditionFacts(r.engine.hosts!.explainHost()!).find((x) => x.rule === 'ctop-needs-topology')!;
      expect(ctop.tests.map((t) => `${cited(t)} (here: ${JSON.stringify(t.here)})`)).toEqual([
        'accelerator equal "kvm" (here: "kvm")', 'capabilities doesNotContain "cpu-topology" (here: ["ais","etoken","bpb","cmma","diag318"])']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('condition trees: fired rules and deciding tests against a reference', () => {
  const FACTS: Facts = { accelerator: 'kvm', qemu: '10.0.2', generation: 16, cpacf: true, nested: false, hypervisor: 'zvm', layers: ['lpar', 'zvm'], capabilities: ['ais', 'bpb'] };
  const LEAVES: Tree[] = [
    { fact: 'accelerator', operator: 'equal', value: 'kvm' }, { fact: 'accelerator', operator: 'equal', value: 'tcg' },
    { fact: 'qemu', operator: 'versionBelow', value: '8.2' }, { fact: 'qemu', operator: 'versionAtLeast', value: '8.2' },
    { fact: 'generation', operator: 'greaterThanInclusive', value: 17 }, { fact: 'generation', operator: 'lessThan', value: 17 },
    { fact: 'capabilities', operator: 'contains', value: 'bpb' }, { fact: 'capabilities', operator: 'doesNotContain', value: 'bpb' },
    { fact: 'hypervisor', operator: 'in', value: ['zvm', 'kvm'] }, { fact: 'nested', operator: 'notEqual', value: true },
  ];
  const random = (rng: Random, depth: number): Tree => {
    const k = depth <= 0 ? 3 : rng.int(4);
    if (k === 3) return LEAVES[rng.int(LEAVES.length)]!;
    if (k === 2) return { not: random(rng, depth - 1) };
    return { [k === 0 ? 'all' : 'any']: Array.from({ length: 1 + rng.int(3) }, () => random(rng, depth - 1)) };
  };
  it('500 random trees: json-rules-engine fires exactly the true ones and cites exactly the deciding tests', async () => {
    const rng = new Random(11);
    const trees = Array.from({ length: 500 }, () => random(rng, 3));
    const rules = trees.map((t, i) => ({ id: `r${i}`, condition: { all: [t] } }) as unknown as EnvRuleIR);
    const { fired, deciding: got } = await firedRules(rules, FACTS);
    trees.forEach((t, i) => {
      expect(fired.has(`r${i}`), JSON.stringify(t)).toBe(holds(t, FACTS));
      if (!fired.has(`r${i}`)) return;
      const tests = got.get(`r${i}`)!;
      for (const c of tests) expect(OPS[c.operator]!(c.here, c.value), JSON.stringify(c)).toBe(!c.negated);
      expect(tests.map((c) => cited({ kind: 'condition', ...c })).sort(), JSON.stringify(t)).toEqual(deciding(t, FACTS).sort());
    });
  });
});
