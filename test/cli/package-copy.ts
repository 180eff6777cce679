/**
 * A copy of the built package for runs that edit it or its snapshots without
 * touching the checkout (test/cli/snapshot.test.ts, bench/cold.ts), and a
 * wait for the snapshot builds such runs start in the background.
 */
import { cpSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** bin, dist, rules, models and package.json, with their times (the launcher compares them); node_modules is shared. */
export function copyBuiltPackage(root: string, dest: string): void {
  for (const part of ['bin', 'dist', 'rules', 'models', 'package.json']) cpSync(join(root, part), join(dest, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(root, 'node_modules'), join(dest, 'node_modules'));
}

/** Waits until no snapshot build holds a lock in the cache folder (they end within seconds); throws after a minute. */
export async function snapshotBuildsSettled(cache: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (readdirSync(cache).some((n) => n.endsWith('.lock') || n.endsWith('.tmp'))) {
    if (Date.now() > deadline) throw new Error('a snapshot build did not end');
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300)); // a build may be between its lock and its first write
}
