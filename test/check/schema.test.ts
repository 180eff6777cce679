import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archSchemas } from '../schemas.js';
import { ACCELERATORS, CAPABILITIES, CONDITION_OPERATORS, ENVIRONMENT_FACTS, FEATURE_TYPES, LAYERS } from '../../src/target/s390x/check/vocabulary.js';
import { SECTIONS } from '../../src/target/s390x/parse/sections.js';

/**
 * The JSON Schemas in schema/: every built-in YAML file names its schema on
 * its first line and validates against it; broken files do not; the schemas
 * agree with the parser on sections, facts and operators.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const { dir: SCHEMA_DIR, schema, validate } = archSchemas('s390x');

const builtin = ['rules/s390x', 'models/s390x', 'models/s390x/environments'].flatMap((d) =>
  readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, d, f)));

describe('schemas: built-in files', () => {
  it('finds every built-in file', () => expect(builtin.length).toBeGreaterThanOrEqual(18));
  for (const file of builtin) {
    const name = relative(ROOT, file);
    it(`${name} names its schema on line 1 and validates`, () => {
      const text = readFileSync(file, 'utf8');
      const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
      expect(modeline, 'first line: # yaml-language-server: $schema=…').not.toBeNull();
      const target = resolve(dirname(file), modeline![1]!);
      expect(dirname(target)).toBe(SCHEMA_DIR);
      expect(validate(target.replace(/^.*\//, '').replace('.schema.json', ''), text)).toEqual([]);
      expect(validate(name.startsWith('models/s390x/environments/') ? 'environment-description' : 'rules', text)).toEqual([]);
    });
  }
  it('the valid golden rule set validates as a rule file', () => {
    expect(validate('rules', readFileSync(join(ROOT, 'test/golden/check/valid/rules.yaml'), 'utf8'))).toEqual([]);
  });
});

const BROKEN: [string, string, string][] = [
  ['features', 'features:\n  - {name: vx, type: STFL, bit: "129"}\n', 'must be integer'],
  ['features', 'features:\n  - {name: vx, type: STFL, bit: 129, since: 10.0}\n', 'must be string'],
  ['features', 'features:\n  - {name: vx, type: STFL, bit: 129, sinse: "10.0"}\n', 'must NOT have additional properties'],
  ['features', 'features:\n  - {name: vx, bit: 129}\n', "must have required property 'type'"],
  ['generations', 'generations:\n  - {gen: 13, base: [vx]}\n', "must have required property 'ga'"],
  ['generations', 'generations:\n  - {gen: 13, ga: 1, full: vx}\n', 'must be array,null'],
  ['dependencies', 'dependencies:\n  - {feature: vx, needs: vxeh}\n', 'must NOT have additional properties'],
  ['definitions', 'definitions:\n  - {name: z13, cpu_type: "0x2964", gen: 13, ga: 1}\n', 'must be integer'],
  ['profiles', 'profiles:\n  - {name: p, qemu: "ten"}\n', 'must match pattern'],
  ['environment-rules', 'environment_rules:\n  - {id: r, reason: x, when: {all: [{fact: cpu, operator: equal, value: 1}]}}\n', 'must be equal to one of the allowed values'],
  ['environment-rules', 'environment_rules:\n  - {id: r, reason: x, when: {all: [{fact: cpacf, operator: is, value: false}]}}\n', 'must be equal to one of the allowed values'],
  ['machines', 'machines:\n  types:\n    - {name: m, featoff: [{gen: 13, features: [vx]}]}\n', "must have required property 'ga'"],
  ['features', 'features:\n  - {name: vx, type: STFLE, bit: 129}\n', 'must be equal to one of the allowed values'],
  ['environment-description', 'environment:\n  layers: [lpar, zmv]\n', 'must be equal to one of the allowed values'],
  ['environment-description', 'environment:\n  kernel: {capabilities: [etokn]}\n', 'must be equal to one of the allowed values'],
  ['environment-description', 'environment:\n  accelerator: xen\n', 'must be equal to one of the allowed values'],
  ['environment-description', 'environment:\n  machine: {ga: 1}\n', "must have required property 'cpu_type'"],
  ['rules', 'featurs: []\n', 'must NOT have additional properties'],
];

describe('schemas: broken files fail', () => {
  for (const [kind, text, message] of BROKEN) {
    it(`${kind}: ${text.split('\n').slice(-2)[0]!.trim()}`, () => {
      const errors = validate(kind, text);
      expect(errors.join('; ')).toContain(message);
    });
  }
});

describe('schemas agree with the parser', () => {
  it('a rule file has exactly the parser\'s sections', () => {
    expect(Object.keys(schema('rules').properties!).sort()).toEqual(Object.keys(SECTIONS).sort());
  });
  it('conditions use the checker\'s facts and operators', () => {
    const common = JSON.parse(readFileSync(join(SCHEMA_DIR, 'common.schema.json'), 'utf8'));
    const leaf = common.definitions.condition.oneOf[3].properties;
    expect(leaf.fact.enum).toEqual([...ENVIRONMENT_FACTS]);
    expect(leaf.operator.enum).toEqual([...CONDITION_OPERATORS]);
  });
  it('feature types, accelerators, layers and capabilities are the checker\'s', () => {
    const common = JSON.parse(readFileSync(join(SCHEMA_DIR, 'common.schema.json'), 'utf8'));
    expect(common.definitions.feature.properties.type.enum).toEqual([...FEATURE_TYPES]);
    const env = JSON.parse(readFileSync(join(SCHEMA_DIR, 'environment-description.schema.json'), 'utf8')).properties.environment.properties;
    expect(env.accelerator.enum).toEqual([...ACCELERATORS]);
    expect(env.layers.items.enum).toEqual([...LAYERS]);
    expect(env.kernel.properties.capabilities.items.enum).toEqual([...CAPABILITIES]);
  });
});
