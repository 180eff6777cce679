import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { FileError, readTextFile } from './files.js';
import { listYamlFiles, type Listing } from './list.js';

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

/** The rule files of the given paths, as readSources lists them (not `environments/`); lists only. */
export function listRuleFiles(paths: readonly string[], display?: (path: string) => string): Listing {
  return listYamlFiles(paths.map((p) => resolve(p)), { recursive: true, skip: ['environments'], display });
}

/**
 * Every `*.yaml` file below the given directories (or the files themselves),
 * read with src/load/files.ts; the files that cannot be read (missing, not a
 * regular file, too large, not UTF-8) are diagnostics, every one of them.
 * Environment descriptions are not rules: an `environments/` sub-folder is
 * skipped (they are loaded by name, `--env`).
 */
export function readSources(paths: readonly string[], base = process.cwd()): { sources: SourceText[]; diagnostics: Diagnostic[] } {
  const shown = (file: string) => displayName(file, base);
  const listing = listRuleFiles(paths, shown);
  const { sources, diagnostics } = readListed(listing.files, shown);
  diagnostics.unshift(...listing.diagnostics);
  if (listing.files.length === 0 && diagnostics.length === 0) {
    const given = paths.map((p) => `\`${shown(resolve(p))}\``).join(', ');
    diagnostics.push(error('load/no-rule-files', `no rule files in ${given}`, undefined, 'rule files are the .yaml files of a folder and its sub-folders (but `environments/`)'));
  }
  return { sources, diagnostics };
}

/** The texts of listed files (named by `shown`), and a diagnostic for each that cannot be read. */
export function readListed(files: readonly string[], shown: (file: string) => string): { sources: SourceText[]; diagnostics: Diagnostic[] } {
  const sources: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const r = readTextFile(file, shown(file));
    if ('file' in r) sources.push({ name: r.file.name, text: r.file.text });
    else diagnostics.push(r.diagnostic);
  }
  return { sources, diagnostics };
}

/** `readSources`, throwing a FileError for the first file that cannot be read. */
export function loadSources(paths: readonly string[], base = process.cwd()): SourceText[] {
  const { sources, diagnostics } = readSources(paths, base);
  if (diagnostics.length > 0) throw new FileError(diagnostics[0]!);
  return sources;
}

/** A path relative to `base` when it lies below it, else as it is. */
export function displayName(file: string, base = process.cwd()): string {
  const rel = relative(base, file);
  return rel.startsWith('..') ? file : rel;
}
