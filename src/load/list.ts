import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { fileDiagnostic } from './files.js';

export interface Listing {
  /** The files, in order: per given path, a folder's entries sorted by name. */
  files: string[];
  /** Paths that do not exist, folders that cannot be listed. */
  diagnostics: Diagnostic[];
}

export interface ListOptions {
  /** Descend into sub-folders (default: no). */
  recursive?: boolean;
  /** Names of sub-folders never descended into. */
  skip?: readonly string[];
  /** The name of a path in diagnostics (default: the path). */
  display?: (path: string) => string;
}

const YAML = /\.ya?ml$/;

/**
 * The rule files of the given paths: a path that is not a folder stands for
 * itself (whatever its name and type: the reader, src/load/files.ts, says
 * what is wrong with it); a folder stands for its `.yaml` / `.yml` entries
 * that are not folders (entries of any type: a FIFO named `x.yaml` is listed
 * and then refused by the reader, not read). Lists only, never opens a file.
 * A folder reached twice (a symbolic link loop) is listed once.
 */
export function listYamlFiles(paths: readonly string[], options: ListOptions = {}): Listing {
  const out: Listing = { files: [], diagnostics: [] };
  const display = options.display ?? ((p: string) => p);
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      const real = realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = readdirSync(dir).sort();
    } catch (e) {
      out.diagnostics.push(fileDiagnostic(e, display(dir), 'read'));
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry);
      const isDir = directory(full);
      if (isDir && options.recursive && !(options.skip ?? []).includes(entry)) walk(full);
      else if (!isDir && YAML.test(entry)) out.files.push(full);
    }
  };
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) walk(p);
      else out.files.push(p);
    } catch (e) {
      out.diagnostics.push(fileDiagnostic(e, display(p), 'read'));
    }
  }
  return out;
}

/** Is `path` a folder (following links)? A broken link or an unreadable entry is not. */
function directory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
