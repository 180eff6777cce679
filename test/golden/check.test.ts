import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRules, renderDiagnostics } from '../../src/index.js';

/**
 * Golden diagnostics: one broken rule file per diagnostic code, rendered
 * exactly (location, YAML line, caret, help, count line). UPDATE_GOLDEN=1
 * rewrites expected.err atomically; review the diff before committing.
 */
const ROOT = join(import.meta.dirname, 'check');

function render(dir: string): string {
  const rs = openRules([dir]);
  const sources = new Map(rs.sources.map((s) => [s.name, s.text]));
  const result = rs.engine();
  const diags = 'diagnostics' in result ? result.diagnostics : rs.diagnostics;
  return renderDiagnostics(diags, sources) + '\n';
}

describe('golden diagnostics', () => {
  for (const name of readdirSync(ROOT).sort()) {
    it(name, () => {
      const dir = join(ROOT, name);
      const expectedPath = join(dir, 'expected.err');
      const actual = render(dir);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath)) {
        writeFileSync(`${expectedPath}.tmp`, actual);
        renameSync(`${expectedPath}.tmp`, expectedPath);
      }
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
      if (name !== 'valid') expect(actual, 'a broken case must report its code').toContain(`/${name}]`);
    });
  }
});
