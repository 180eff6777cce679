#!/usr/bin/env node
// Runs the vitest suite and ends with the plain line `N passed, N failed`
// that CI reads. Extra arguments go to vitest (e.g. a test path).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const report = '.cache/vitest-report.json';
mkdirSync('.cache', { recursive: true });
rmSync(report, { force: true });
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' });

let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  // A test file that fails to load has no test results of its own: count it once.
  const broken = result.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  failed = result.numFailedTests + broken;
} catch {
  failed = 1;
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
