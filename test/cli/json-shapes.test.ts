import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { cli } from './run.js';

/**
 * The shapes of every `--json` output (schema/cli/, documented in docs/json.md):
 * each command's output validates against its schema, and every failure of a
 * command that takes `--json` / `--format json` is one `{"error": …}` on stdout.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'schema', 'cli');
const schemas = readdirSync(DIR).filter((f) => f.endsWith('.schema.json')).map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { $id: string });
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, schemas });

function validate(schema: string, value: unknown): string[] {
  const check = ajv.getSchema(`${schema}.schema.json`)!;
  return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Per command: runs whose stdout (with --json) the command's schema describes. */
const RUNS: Record<string, string[]> = {
  expand: ['expand z14', 'expand z14 --type full', 'expand Westmere --arch x86_64', 'expand gen16a,vx=off --profile qemu-7.2'],
  compare: ['compare z13 z14', 'compare z13 z14 --explain', 'compare gen16a z9EC'],
  baseline: ['baseline z13 z14', 'baseline z13 z14 --explain', 'baseline gen17a z196 z14'],
  definitions: ['definitions', 'definitions --arch x86_64', 'definitions --explain'],
  host: ['host z16-lpar', 'host z16-lpar --type full', 'host z16-lpar --explain'],
  'check-run': ['check-run z14', 'check-run z14 --env z16-lpar', 'check-run Westmere --arch x86_64', 'check-run gen17a --env z15-lpar'],
  migrate: ['migrate z14 --from z16-lpar --to z15-lpar', 'migrate gen16a --from z16-lpar --to z15-lpar'],
  cluster: ['cluster z16-lpar z15-lpar'],
  environments: ['environments'],
  explain: ['explain z14 vx', 'explain z13 gs', 'explain z14,vx=off vx'],
  'lint-model': ['lint-model z14', 'lint-model z14,vx=off', 'lint-model Westmere --arch x86_64'],
  models: ['models', 'models --arch x86_64'],
  features: ['features', 'features --model z14', 'features --arch x86_64'],
  machines: ['machines', 'machines --arch x86_64'],
  groups: ['groups'],
  check: ['check', 'check --arch x86_64', 'check test/golden/check/unknown-feature'],
  diff: ['diff qemu-7.2 qemu-10.0'],
  'what-if': ['what-if --set dependencies.vx+=vxeh', 'what-if --set generations.GEN16_GA1.default+=appv'],
  test: ['test suites/s390x/compare.yaml --coverage'],
};

/** Per command that takes --json: a run that fails (usage, query or rule errors). */
const FAILURES: Record<string, string> = {
  expand: 'expand nope',
  compare: 'compare z13',
  baseline: 'baseline z13 nope',
  definitions: 'definitions --profile qemu-7.3',
  host: 'host nowhere',
  'check-run': 'check-run z14 --env nowhere',
  migrate: 'migrate z14 --from z16-lpar',
  cluster: 'cluster z16-lpar nowhere',
  environments: 'environments --arch s391x',
  explain: 'explain z14',
  'lint-model': 'lint-model',
  models: 'models --rules /nonexistent/rules',
  features: 'features --model nope',
  machines: 'machines extra',
  groups: 'groups --machine nope',
  check: 'check --environments',
  diff: 'diff qemu-7.2',
  'what-if': 'what-if --set nonsense',
  test: 'test /nonexistent/suite.yaml',
};

describe('--json output shapes', () => {
  for (const [command, runs] of Object.entries(RUNS)) {
    it(command, async () => {
      for (const run of runs) {
        const r = await cli(`${run} --json`);
        expect(r.code, `${run}: ${r.err}`).toBeLessThanOrEqual(1);
        expect(validate(command, JSON.parse(r.out)), run).toEqual([]);
      }
    });
  }

  it('every schema is tested and documented', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'json.md'), 'utf8');
    for (const s of schemas) expect(doc, s.$id).toContain(`schema/cli/${s.$id}`);
    const own = schemas.map((s) => s.$id.replace('.schema.json', '')).filter((n) => !['error', 'diagnostic', 'explanation'].includes(n));
    expect(own.sort()).toEqual(Object.keys(RUNS).sort());
  });
});

describe('--json errors', () => {
  for (const [command, run] of Object.entries(FAILURES)) {
    it(command, async () => {
      for (const flag of command === 'check' || command === 'diff' || command === 'what-if' ? ['--json', '--format json'] : ['--json']) {
        const r = await cli(`${run} ${flag}`);
        expect(r.code, run).toBeGreaterThan(0);
        const value = JSON.parse(r.out) as { error: { code: string } };
        expect(validate('error', value), `${run}: ${r.out}`).toEqual([]);
        expect(r.err, 'nothing but the announcement on stderr').not.toMatch(/error/);
      }
    });
  }

  it('diagnostics that end a run are data: code, message, span', async () => {
    const r = await cli('expand z14 --rules test/golden/check/unknown-feature --json');
    const { error } = JSON.parse(r.out) as { error: { code: string; diagnostics: { code: string; span: { line: number } }[] } };
    expect(r.code).toBe(1);
    expect(error.code).toBe('cli/diagnostics');
    expect(error.diagnostics.map((d) => d.code)).toContain('check/unknown-feature');
    expect(error.diagnostics.every((d) => d.span.line > 0)).toBe(true);
  });
});
