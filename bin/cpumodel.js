#!/usr/bin/env node
// Launcher: the built CLI (npm run build), else the TypeScript source (under tsx).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
const entry = existsSync(built) ? built : new URL('../src/cli/main.ts', import.meta.url);
try {
  const { runProcess } = await import(entry.href);
  await runProcess();
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  console.error('cpumodel: not built; run `npm run build` (or run this launcher through tsx)');
  process.exitCode = 1;
}
