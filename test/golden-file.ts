import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Compare `actual` with the golden file at `path`. UPDATE_GOLDEN=1 rewrites
 * the file first (temporary file, then rename); review the diff before
 * committing. A missing golden file fails: it is never created silently.
 */
export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(`${path}.tmp`, actual);
    renameSync(`${path}.tmp`, path);
  }
  expect(existsSync(path), `${path} is missing: run the test with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
