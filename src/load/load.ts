import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One rule file's text; `name` is the path shown in diagnostics. */
export interface SourceText {
  name: string;
  text: string;
}

/** The package root (holds rules/ and models/), found from this file's location. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The built-in rule directories of an architecture, in the order their files are read. */
export function builtinRuleDirs(arch: string): string[] {
  const root = packageRoot();
  return [join(root, 'rules', arch), join(root, 'models', arch)];
}

/** Every `*.yaml` file below the given directories (or the files themselves). */
export function loadSources(paths: readonly string[], base = process.cwd()): SourceText[] {
  const files: string[] = [];
  for (const p of paths) collect(resolve(p), files);
  return files.map((file) => ({ name: displayName(file, base), text: readFileSync(file, 'utf8') }));
}

function collect(path: string, out: string[]): void {
  if (statSync(path).isFile()) {
    out.push(path);
    return;
  }
  for (const entry of readdirSync(path).sort()) {
    const full = join(path, entry);
    // Environment descriptions are not rules: they are loaded by name (--env).
    if (statSync(full).isDirectory()) {
      if (entry !== 'environments') collect(full, out);
    }
    else if (/\.ya?ml$/.test(entry)) out.push(full);
  }
}

function displayName(file: string, base: string): string {
  const rel = relative(base, file);
  return rel.startsWith('..') ? file : rel;
}
