import { join } from 'node:path';
import { describe, it } from 'vitest';
import { cliGolden } from './run.js';

/**
 * Golden human output: stdout exactly, then stderr after a marker.
 * UPDATE_GOLDEN=1 rewrites the files atomically; review the diff.
 */
const DIR = join(import.meta.dirname, 'golden');

const CASES: [file: string, argv: string, code: number][] = [
  ['expand-z14-vx-off', 'expand z14,vx=off', 0],
  ['expand-z900-profile-7.2', '--profile qemu-7.2 expand z900,-esan3,+zarch', 0],
  ['expand-full-tiny', '--rules test/cli/fixtures/tiny expand z13,-vx --type full', 0],
  ['compare-superset', 'compare z14 z13', 0],
  ['compare-incompatible', 'compare z13,-te zEC12', 0],
  ['baseline-fold', 'baseline z13 z14 gen15a', 0],
  ['definitions', 'definitions', 0],
  ['groups', 'groups', 0],
  ['error-unknown-prop', 'expand z13,vxx=on', 1],
  ['error-usage', 'expand z13,=on', 2],
];

describe('golden human output', () => {
  for (const [file, argv, code] of CASES) {
    it(`cpumodel ${argv}`, () => cliGolden(DIR, file, argv, code));
  }
});
