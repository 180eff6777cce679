import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { isMap, isPair, isScalar, parseDocument, Scalar, visit, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { S390X_LAYOUT } from '../../src/target/s390x/policy/layout.js';
import { formatYaml } from '../../src/fmt/format.js';
import { collectBreaks, restoreBreaks } from '../../src/fmt/wrap.js';

/**
 * The canonical layout: the built-in files are in it, formatting is
 * idempotent, messy files reach it, comments and data survive, and a file
 * with YAML errors is refused.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const builtin = ['rules/s390x', 'models/s390x', 'models/s390x/environments'].flatMap((d) =>
  readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, d, f)));

function fmt(text: string): string {
  const r = formatYaml(text, S390X_LAYOUT);
  if ('diagnostics' in r) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.text;
}

const commentsOf = (text: string) => text.split('\n').map((l) => /#.*$/.exec(l.replace(/"[^"]*"/g, ''))?.[0]).filter(Boolean).sort();

describe('fmt: built-in files', () => {
  for (const file of builtin) {
    it(`${relative(ROOT, file)} is already canonical`, () => {
      const text = readFileSync(file, 'utf8');
      expect(fmt(text)).toBe(text);
    });
  }
});

const MESSY = `# header


profiles:
- qemu: '10.0.2'
  name: tiny   # trailing
features:
  - bit: 129
    name: vx
    type: STFL
    desc: 'Vector facility'
  # before vxeh
  - {type: STFL, name: vxeh, bit: 0x87, since: "10.0"}
groups:
  - {members: ["vx", vxeh], name: vec}
generations:
  - {full: [vx, vxeh], ga: 1, gen: 13}
definitions:
  - name: z13
    ga: 1
    cpu_type: 10596
    gen: 13
    hmfai: 0x8000000
environment_rules:
  - when:
      all:
        - fact: qemu
          operator: versionAtLeast
          value: "8.2"
    reason: because
    id: r1
    unavailable:
      - vx
      - vxeh
    available: [a, b,
        c]
`;

const CANONICAL = `# header

profiles:
  - name: tiny # trailing
    qemu: "10.0.2"
features:
  - {name: vx, type: STFL, bit: 129, desc: "Vector facility"}
  # before vxeh
  - {name: vxeh, type: STFL, bit: 135, since: "10.0"}
groups:
  - name: vec
    members: [vx, vxeh]
generations:
  - gen: 13
    ga: 1
    full: [vx, vxeh]
definitions:
  - {name: z13, cpu_type: 0x2964, gen: 13, ga: 1, hmfai: 0x08000000}
environment_rules:
  - id: r1
    reason: "because"
    when: {all: [{fact: qemu, operator: versionAtLeast, value: "8.2"}]}
    available: [a, b,
      c]
    unavailable: [vx, vxeh]
`;

describe('fmt: messy input', () => {
  it('reaches the canonical layout: key order, flow and block, quoting, hex, list breaks', () => {
    expect(fmt(MESSY)).toBe(CANONICAL);
  });
  it('is idempotent', () => expect(fmt(fmt(MESSY))).toBe(fmt(MESSY)));
  it('keeps every comment and the data', () => {
    expect(commentsOf(fmt(MESSY))).toEqual(commentsOf(MESSY));
    expect(parseDocument(fmt(MESSY)).toJS()).toEqual(parseDocument(MESSY).toJS());
  });
  it('keeps an empty file empty and a comment-only file', () => {
    expect(fmt('')).toBe('');
    expect(fmt('# just a note\n')).toBe('# just a note\n');
  });
  it('leaves unknown keys and their values as written, after the known ones', () => {
    expect(fmt('features:\n  - {x_note: "a", name: vx, type: STFL, bit: 1}\n')).toBe('features:\n  - {name: vx, type: STFL, bit: 1, x_note: "a"}\n');
  });
  it('refuses a file with YAML errors', () => {
    const r = formatYaml('features:\n  - {name: vx\n', S390X_LAYOUT, 'bad.yaml');
    expect('diagnostics' in r && r.diagnostics.map((d) => d.code)).toEqual(['fmt/yaml-syntax']);
    const dup = formatYaml('features: []\nfeatures: []\n', S390X_LAYOUT, 'dup.yaml');
    expect('diagnostics' in dup).toBe(true);
  });
});

/** Entries whose flow or block style is the author's choice (layout `keep`). */
const KEEP = new Set(['types', 'featoff']);

/**
 * A messier spelling of the same file: shuffled keys, other quotes, decimal
 * hex, and flow maps as block or back (where no comment or list break sits
 * inside, which a style change would legitimately move).
 */
function perturb(text: string, seed: number): string {
  const doc = parseDocument(text);
  const source = (n: { range?: [number, number, number] | null }) => text.slice(n.range![0], n.range![1]);
  const keeps = (p: unknown) => isPair(p) && KEEP.has(String((p.key as Scalar).value));
  const holdsKeep = (map: YAMLMap) => {
    let found = false;
    visit(map, { Pair: (_, p) => { if (keeps(p)) { found = true; return visit.BREAK; } return undefined; } });
    return found;
  };
  const styleFree = (map: YAMLMap, path: readonly unknown[]) =>
    !source(map).includes('#') && !source(map).includes(',\n') && !path.some(keeps) && !holdsKeep(map);
  const breaks = collectBreaks(doc, text);
  let state = seed;
  const rnd = (n: number) => { state = (state * 1103515245 + 12345) % 2 ** 31; return state % n; };
  visit(doc, {
    Map(_, map, path) {
      if (rnd(3) === 0 && styleFree(map, path)) map.flow = !map.flow && !map.items.some((p) => isMap(p.value));
      for (let i = map.items.length - 1; i > 0; i--) {
        const j = rnd(i + 1);
        [map.items[i], map.items[j]] = [map.items[j]!, map.items[i]!];
      }
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && !node.comment && !node.commentBefore) node.type = [Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.PLAIN][rnd(3)] as Scalar.Type;
      if (typeof node.value === 'number') node.format = undefined;
    },
  });
  return restoreBreaks(doc.toString({ lineWidth: 0 }), breaks);
}

describe('fmt: perturbed built-in files come back', () => {
  for (const file of builtin) {
    it(`${relative(ROOT, file)}`, () => {
      const text = readFileSync(file, 'utf8');
      fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
        const messy = perturb(text, seed);
        expect(fmt(messy)).toBe(text);
      }), { numRuns: 15 });
    });
  }
});

it('leaves a key that is not a string alone', () => {
  expect(isScalar(parseDocument(fmt('? [a]\n: 1\n')).contents)).toBe(false);
});

it('keeps list breaks when the list is the first key of an entry', () => {
  const text = 'environment_rules:\n  - unavailable: [a, b,\n      c]\n    id: r\n';
  expect(fmt(text)).toBe('environment_rules:\n  - id: r\n    unavailable: [a, b,\n      c]\n');
  expect(fmt('environment_rules:\n  - available: [a, b,\n      c]\n')).toBe('environment_rules:\n  - available: [a, b,\n      c]\n');
});
