/** The static import closure of built modules: how many files a cold run loads. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function importClosure(entry: string, extra: readonly string[] = []): { modules: number; bytes: number; files: string[] } {
  const seen = new Set<string>();
  const queue = [entry, ...extra];
  let bytes = 0;
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    // Static imports and re-exports only (`import(...)` loads later, on demand).
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)) queue.push(resolve(dirname(file), m[1]!));
  }
  return { modules: seen.size, bytes, files: [...seen] };
}
