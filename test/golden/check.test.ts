import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden-file.js';
import { cli } from '../cli/run.js';

/**
 * Golden diagnostics: one broken rule file per diagnostic code, rendered
 * exactly (location, YAML line, caret, help, count line). UPDATE_GOLDEN=1
 * rewrites expected.err atomically; review the diff before committing. A
 * case with an expected.json also checks `check --format json`.
 */
const ROOT = join(import.meta.dirname, 'check');

/** Exactly what `cpumodel check DIR` prints: parse, structural and policy checks. */
async function render(dir: string): Promise<string> {
  return (await cli(['check', dir])).out;
}

describe('golden diagnostics', () => {
  for (const name of readdirSync(ROOT).sort()) {
    it(name, async () => {
      const dir = join(ROOT, name);
      const expectedPath = join(dir, 'expected.err');
      const actual = await render(dir);
      expectGolden(expectedPath, actual);
      if (name !== 'valid') expect(actual, 'a broken case must report its code').toContain(`/${name}]`);
      const jsonPath = join(dir, 'expected.json');
      if (existsSync(jsonPath)) expectGolden(jsonPath, (await cli(['check', dir, '--format', 'json'])).out);
    });
  }
});
