import { cpSync, mkdtempSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';

/**
 * `check` and `lint-model` agree on default models that break a dependency:
 * after adding `vxeh2 requires nnpa`, check names the definitions that break
 * it on the newest machine and, separately, those that break it only on
 * older machine types (their featoffs take nnpa out); lint-model of each
 * definition, on the newest machine and on an older one, says the same.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cpumodel-agree-'));
cpSync(join(ROOT, 'rules/s390x'), join(dir, 'rules'), { recursive: true });
cpSync(join(ROOT, 'models/s390x'), join(dir, 'models'), { recursive: true, filter: (p) => !p.includes('environments') });
appendFileSync(join(dir, 'rules/dependencies.yaml'), '  - {feature: vxeh2, requires: nnpa}\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rules = ['--rules', join(dir, 'rules'), '--rules', join(dir, 'models')];
const breaks = async (model: string, machine?: string) =>
  (await cli([...rules, ...(machine ? ['--machine', machine] : []), 'lint-model', model])).out.includes("'vxeh2' requires 'nnpa'");

describe('check and lint-model agree', () => {
  it('check splits the newest machine from the older ones', async () => {
    const out = (await cli(['check', join(dir, 'rules'), join(dir, 'models')])).out;
    const line = out.split('\n').find((l) => l.includes('`vxeh2` without `nnpa`'))!;
    expect(line).toContain('the default model of `gen15a` to `gen15b` (2 definitions) has `vxeh2` without `nnpa`');
    expect(line).toContain('on machine type `s390-ccw-virtio-6.1` and older, also that of `gen16a` and every later definition');
  }, 60_000);
  it.each([
    ['gen15a', undefined, true], ['gen15b', undefined, true], ['gen16a', undefined, false], ['gen17a', undefined, false],
    ['gen16a', 's390-ccw-virtio-6.1', true], ['gen16a', 's390-ccw-virtio-7.0', false], ['gen14a', undefined, false],
  ] as const)('lint-model %s on %s: breaks it = %s', async (model, machine, expected) => {
    expect(await breaks(model, machine)).toBe(expected);
  }, 60_000);
});
