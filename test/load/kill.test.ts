import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/util/random.js';

/**
 * Issue 10: a writer killed at any moment (SIGKILL: no cleanup runs) never
 * leaves a half-written file: `fmt --write` on a large file, killed after a
 * random delay, leaves either the file as it was or the formatted file.
 * (A temporary `.NAME.RANDOM.tmp` beside it may stay behind: nothing reads it.)
 */
const dir = mkdtempSync(join(tmpdir(), 'cpumodel-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CLI = ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts')];
const MESSY = `dependencies:\n${"  - requires: 'vx'\n    feature: vxeh\n".repeat(3000)}`;

function fmtWrite(file: string, killAfterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, 'fmt', '--write', file], { stdio: 'ignore', env: { ...process.env, CPUMODEL_CACHE: 'off' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
  });
}

describe('fmt --write killed at a random moment', () => {
  it('leaves the old file or the new one, never a part (8 kills around the moment of writing)', async () => {
    const file = join(dir, 'deps.yaml');
    writeFileSync(file, MESSY);
    const started = Date.now();
    await fmtWrite(file, 120_000);
    const took = Date.now() - started;
    const formatted = readFileSync(file, 'utf8');
    expect(formatted).not.toBe(MESSY);
    const rng = new Random(20261202);
    const seen = { old: 0, new: 0 };
    for (let i = 0; i < 8; i++) {
      writeFileSync(file, MESSY);
      await fmtWrite(file, Math.round(took * (0.6 + rng.int(500) / 1000))); // around the moment it writes
      const now = readFileSync(file, 'utf8');
      expect(now === MESSY || now === formatted, `trial ${i}: ${now.length} characters`).toBe(true);
      seen[now === MESSY ? 'old' : 'new']++;
    }
    console.log(`[kill] 8 kills: ${seen.old} left the old file, ${seen.new} the new one; temporary files left: `
      + `${readdirSync(dir).filter((f) => f.endsWith('.tmp')).length}`);
  }, 300_000);
});
