import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, layoutOfFile, ruleSetFromSources, type ArchEngine, type RuleSet } from '../../src/index.js';
import { builtinRuleDirs, loadSources, type SourceText } from '../../src/load/load.js';
import { lineAnswerer } from '../../src/oracle/answer.js';
import { formatYaml } from '../../src/fmt/format.js';
import { JS_MEMBER_NAMES } from './js-names.js';

/**
 * Issue 10, hostile names in rule files. Decision: a name that is also a
 * JavaScript object member (`constructor`, `__proto__`, `toString`, …) is a
 * name like any other — as a feature, group, definition, profile, alias or
 * property. The property: rename one built-in entry of each kind to such a
 * name, everywhere in the rule files; the renamed rule set checks the same,
 * formats the same, and answers the whole model space exactly as the
 * original does, once the names are mapped back. (Before, a feature named
 * `__proto__` passed `check` and vanished from every expansion.)
 */
interface Kind { kind: string; original: string }

const KINDS: Record<string, { profile: string; kinds: Kind[]; pairs: string[]; explain: string }> = {
  s390x: {
    profile: 'qemu-7.2',
    kinds: [{ kind: 'feature', original: 'vx' }, { kind: 'group', original: 'msa1' }, { kind: 'definition', original: 'z14' }, { kind: 'profile', original: 'qemu-7.2' }],
    pairs: ['z13', 'z14', 'z14-base', 'gen15a', 'z900'],
    explain: 'z13',
  },
  x86_64: {
    profile: 'qemu-7.2',
    kinds: [{ kind: 'feature', original: 'aes' }, { kind: 'model', original: 'Westmere' }, { kind: 'property', original: 'pmu' }, { kind: 'alias', original: 'sse3' }],
    pairs: [],
    explain: 'Haswell',
  },
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every whole-name occurrence (not inside a longer name or a quoted text's first word). */
function rename(sources: readonly SourceText[], renames: ReadonlyMap<string, string>): SourceText[] {
  return sources.map(({ name, text }) => {
    let out = text;
    for (const [from, to] of renames) out = out.replace(new RegExp(`(?<![\\w.\\-"])${escape(from)}(?![\\w.\\-"])`, 'g'), to);
    return { name, text: out };
  });
}

/** Map the hostile names in an answer back (no original answer holds one), then compare as data. */
function back(line: string, renames: ReadonlyMap<string, string>): unknown {
  let text = line;
  for (const [from, to] of renames) text = text.split(to).join(from);
  return canonical(JSON.parse(text));
}

/** Objects as sorted entries, lists sorted: key and list order come from QDict hashing of the names. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical).map((x) => JSON.stringify(x)).sort();
  if (typeof v === 'object' && v !== null) return Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]);
  return v;
}

function requests(engine: ArchEngine, features: readonly string[], pairs: readonly string[]): string[] {
  const out: string[] = [JSON.stringify({ execute: 'query-cpu-definitions' })];
  const model = (name: string, props?: Record<string, boolean>) => ({ name, ...(props ? { props } : {}) });
  for (const name of engine.modelNames()) {
    for (const type of ['static', 'full']) out.push(JSON.stringify({ execute: 'query-cpu-model-expansion', arguments: { type, model: model(name) } }));
    for (const f of features) {
      for (const on of [true, false]) {
        const props: Record<string, boolean> = {};
        Object.defineProperty(props, f, { value: on, enumerable: true });
        out.push(JSON.stringify({ execute: 'query-cpu-model-expansion', arguments: { type: 'static', model: model(name, props) } }));
      }
    }
  }
  for (const a of pairs) {
    for (const b of engine.modelNames()) {
      for (const execute of ['query-cpu-model-comparison', 'query-cpu-model-baseline']) {
        out.push(JSON.stringify({ execute, arguments: { modela: { name: a }, modelb: { name: b } } }));
      }
    }
  }
  return out;
}

function engineOf(rs: RuleSet, profile: string): ArchEngine {
  const r = rs.engine(profile);
  if ('diagnostics' in r) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.engine;
}

const summary = (rs: RuleSet, renames?: ReadonlyMap<string, string>) => rs.diagnostics
  .map((d) => `${d.code} ${renames ? [...renames].reduce((m, [from, to]) => m.split(to).join(from), d.message) : d.message}`).sort();

for (const [arch, spec] of Object.entries(KINDS)) {
  describe(`${arch}: rule-file names that are JavaScript object members work as names`, () => {
    const sources = loadSources(builtinRuleDirs(arch));
    const original = ruleSetFromSources(sources, arch);
    const engine = engineOf(original, spec.profile);
    const answer = lineAnswerer(engine);
    const plain = spec.kinds.filter((k) => k.kind !== 'profile' && k.kind !== 'model' && k.kind !== 'definition').map((k) => k.original);
    const asked = requests(engine, plain, spec.pairs);
    const expected = asked.map((r) => canonical(JSON.parse(answer(r))));

    // Rule set i gives kind k the name JS_MEMBER_NAMES[(i + 3k) mod n]: every kind meets every name.
    JS_MEMBER_NAMES.forEach((_, i) => {
      const renames = new Map(spec.kinds.map((k, j) => [k.original, JS_MEMBER_NAMES[(i + 3 * j) % JS_MEMBER_NAMES.length]!]));
      const label = spec.kinds.map((k) => `${k.kind} ${renames.get(k.original)}`).join(', ');
      it(label, () => {
        const renamed = rename(sources, renames);
        const rs = ruleSetFromSources(renamed, arch);
        expect(summary(rs, renames)).toEqual(summary(original));
        for (const s of renamed) {
          if (!spec.kinds.some((k) => s.text.includes(renames.get(k.original)!))) continue;
          const f = formatYaml(s.text, layoutOfFile(s.name), s.name);
          expect('text' in f ? f.text : f.diagnostics.map((d) => d.message).join('; '), `fmt of ${s.name}`).toBe(s.text);
        }
        const profile = renames.get(spec.profile) ?? spec.profile;
        const answerRenamed = lineAnswerer(engineOf(rs, profile));
        const forward = (r: string) => [...renames].reduce((t, [from, to]) => t.replace(new RegExp(`"${escape(from)}((?:-base|-v\\d+)?")`, 'g'), `"${to}$1`), r);
        const wrong = asked.map((r, k) => ({ r, got: back(answerRenamed(forward(r)), renames), want: expected[k] }))
          .filter((x) => JSON.stringify(x.got) !== JSON.stringify(x.want));
        expect(wrong.slice(0, 3).map((w) => w.r), `${wrong.length} of ${asked.length} answers differ`).toEqual([]);
        const feature = renames.get(spec.kinds[0]!.original)!;
        const why = engineOf(rs, profile).explainFeature({ name: spec.explain }, feature);
        expect(why.ok, JSON.stringify(why)).toBe(true);
      });
    });
  });
}

describe('s390x environments: object member names as facts, operators and values', () => {
  const sources = loadSources(builtinRuleDirs('s390x'));
  const withRule = (rule: string) => ruleSetFromSources(sources.map((s) => (s.name.endsWith('environment.yaml') ? { ...s, text: `${s.text}${rule}` } : s)), 's390x');
  it('a condition on such a fact or with such an operator is a diagnostic, not a fact of Object.prototype', () => {
    for (const n of JS_MEMBER_NAMES) {
      const rs = withRule(`  - id: hostile\n    reason: "x"\n    when: {all: [{fact: ${n}, operator: ${n}, value: true}]}\n    available: [vx]\n`);
      expect(rs.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
        `check/unknown-fact unknown environment fact \`${n}\``, `check/unknown-operator unknown condition operator \`${n}\``]);
    }
  });
  it('such a name as a layer or kernel capability is refused as unknown, by name, like any other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpumodel-env-'));
    try {
      const env = (extra: string) => `environment:\n  description: "x"\n  accelerator: kvm\n  machine: {cpu_type: 0x8561, ga: 1}\n  layers: [lpar${extra}]\n  kernel: {version: "6.1", nested: false, capabilities: [bpb${extra}]}\n  cpacf: true\n`;
      writeFileSync(join(dir, 'plain.yaml'), env(''));
      const plain = await builtinRules('s390x').withEnvironment(join(dir, 'plain.yaml'));
      if (!('engine' in plain)) throw new Error('the plain environment does not resolve');
      for (const n of JS_MEMBER_NAMES) {
        writeFileSync(join(dir, 'e.yaml'), env(`, ${n}`));
        const r = await builtinRules('s390x').withEnvironment(join(dir, 'e.yaml'));
        expect('diagnostics' in r && r.diagnostics.map((d) => `${d.code} ${d.message}`), n).toEqual([
          `env/unknown-layer unknown hypervisor layer \`${n}\``, `env/unknown-capability unknown kernel capability \`${n}\``]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
