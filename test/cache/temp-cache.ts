import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * Each test of the file gets an empty rule cache folder of its own
 * (CPUMODEL_CACHE_DIR, the cache on), removed afterwards with the
 * environment restored. Returns the current folder.
 */
export function tempCacheDir(prefix: string): () => string {
  let dir = '';
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    process.env.CPUMODEL_CACHE_DIR = dir;
    delete process.env.CPUMODEL_CACHE;
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
