import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archSchemas } from '../schemas.js';
import { X86_SECTIONS } from '../../src/target/x86_64/parse/index.js';
import { FLAGS } from '../../src/target/x86_64/parse/features.js';
import { MODES } from '../../src/target/x86_64/parse/machines.js';
import { KEY_ORDER_MODELS } from '../../src/target/x86_64/parse/properties.js';
import { REGISTERS } from '../../src/target/x86_64/parse/words.js';
import { STATES } from '../../src/target/x86_64/parse/xsave.js';
import { ENV_ACCELERATORS } from '../../src/target/x86_64/parse/environment.js';

/**
 * The JSON Schemas in schema/x86_64/: every built-in x86_64 file names its
 * schema on line 1 and validates against it and against `rules` (any x86_64
 * rule file); broken files do not; the schemas agree with the parser's sections.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const { dir: SCHEMA_DIR, schemas, schema, validate } = archSchemas('x86_64');

const builtin = ['rules/x86_64', 'models/x86_64'].flatMap((d) =>
  readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, d, f)));

const environments = readdirSync(join(ROOT, 'models/x86_64/environments')).filter((f) => f.endsWith('.yaml'))
  .map((f) => join(ROOT, 'models/x86_64/environments', f));

describe('x86_64 schemas: built-in environments', () => {
  it('finds them', () => expect(environments.length).toBeGreaterThanOrEqual(4));
  for (const file of environments) {
    it(`${relative(ROOT, file)} names the environment schema on line 1 and validates`, () => {
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schema/x86_64/environment-description.schema.json');
      expect(validate('environment-description', text)).toEqual([]);
    });
  }
});

describe('x86_64 schemas: built-in files', () => {
  it('finds every built-in file', () => expect(builtin.length).toBe(12));
  for (const file of builtin) {
    it(`${relative(ROOT, file)} names its schema on line 1 and validates`, () => {
      const text = readFileSync(file, 'utf8');
      const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
      expect(modeline, 'first line: # yaml-language-server: $schema=…').not.toBeNull();
      const target = resolve(dirname(file), modeline![1]!);
      expect(dirname(target)).toBe(SCHEMA_DIR);
      expect(validate(target.replace(/^.*\//, '').replace('.schema.json', ''), text)).toEqual([]);
      expect(validate('rules', text)).toEqual([]);
    });
  }
  it('the valid golden rule file validates as a rule file', () => {
    expect(validate('rules', readFileSync(join(import.meta.dirname, 'golden/check/valid/rules.yaml'), 'utf8'))).toEqual([]);
  });
});

const BROKEN: [string, string, string][] = [
  ['feature-words', 'feature_words:\n  - {name: W, cpuid: {eax: 1, reg: EDZ}}\n', 'must be equal to one of the allowed values'],
  ['feature-words', 'feature_words:\n  - {name: W}\n', 'must match exactly one schema in oneOf'],
  ['feature-words', 'feature_words:\n  - {name: W, msr: 0x10a, no_autoenable_bits: ["x"]}\n', 'must match pattern'],
  ['features', 'features:\n  - {name: fpu, word: FEAT_1_EDX, bit: 0, bits: [0]}\n', 'must match exactly one schema in oneOf'],
  ['features', 'features:\n  - {name: fpu, word: FEAT_1_EDX, bit: 64}\n', 'must be <= 63'],
  ['features', 'features:\n  - {name: fpu, word: FEAT_1_EDX, bit: 0, since: 10.0}\n', 'must be string'],
  ['features', 'feature_flags:\n  - {flag: unmigrateable, features: [invtsc]}\nfeatures: []\n', 'must be equal to one of the allowed values'],
  ['dependencies', 'dependencies:\n  - {id: a/b, if_none: [a], clear: {bits: [1]}}\n', "must have required property 'word'"],
  ['definitions', 'definitions:\n  - {name: X, vendor: V, family: 6, model: 1, stepping: 0, level: 1, xlevel: 0, model_id: "", features: []}\n',
    "must have required property 'versions'"],
  ['definitions', 'definitions:\n  - {name: X, vendor: V, family: 6, model: 1, stepping: 0, level: 1, xlevel: 0, model_id: "", features: [], versions: [{version: 1, props: {a: [1]}}]}\n',
    'must match a schema in anyOf'],
  ['machines', 'machines:\n  families:\n    - {name: pc, types: [{version: "2.4", cpu_version: newest}]}\n', 'must be equal to one of the allowed values'],
  ['cpu-properties', 'cpu_properties:\n  - {name: pmu, type: bool, default: [false]}\n', 'must match a schema in anyOf'],
  ['key-order', 'full_expansion_order:\n  - {models: host, keys: []}\n', 'must be equal to one of the allowed values'],
  ['profiles', 'arch: s390x\nprofiles: []\n', 'must be equal to constant'],
  ['rules', 'feature_wrds: []\n', 'must NOT have additional properties'],
  ['environment-description', 'environment:\n  accelerator: xen\n', 'must be equal to one of the allowed values'],
  ['environment-description', 'environment:\n  host: {vendr: GenuineIntel}\n', 'must NOT have additional properties'],
  ['environment-description', 'environment:\n  supports: [{feature: [erms]}]\n', 'must match exactly one schema in oneOf'],
];

describe('x86_64 schemas: broken files fail', () => {
  for (const [kind, text, message] of BROKEN) {
    it(`${kind}: ${text.split('\n')[0]!.slice(0, 60)}…`, () => {
      expect(validate(kind, text).join('; ')).toContain(message);
    });
  }
});

describe('x86_64 schemas agree with the parser', () => {
  it('a rule file has exactly the parser\'s sections', () => {
    expect(Object.keys(schema('rules').properties!).sort()).toEqual(Object.keys(X86_SECTIONS).sort());
  });
  it('every file schema\'s sections are parser sections', () => {
    const sections = new Set(Object.keys(X86_SECTIONS));
    const fileSchemas = schemas.filter((s) => !['rules.schema.json', 'common.schema.json', 'environment-description.schema.json'].includes(s.$id));
    expect(fileSchemas.length).toBe(12);
    for (const s of fileSchemas) for (const key of Object.keys(s.properties!)) expect(sections.has(key), `${s.$id}: ${key}`).toBe(true);
  });
  it('every value list a schema enumerates is exactly one the parser checks (one source of truth, no drift)', () => {
    const enums = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) if (k === 'enum') enums.add(JSON.stringify(x)); else walk(x);
      }
    };
    walk(schemas);
    const parser = [FLAGS, MODES, KEY_ORDER_MODELS, REGISTERS, STATES, ENV_ACCELERATORS].map((l) => JSON.stringify([...l]));
    expect([...enums].sort()).toEqual(parser.sort());
  });
});
