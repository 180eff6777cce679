import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { readTextFile } from './files.js';
import { displayName, packageRoot, type SourceText } from './load.js';

/**
 * How an environment argument (`--env X`, `env: X` in a suite) is read:
 *
 * - X is a PATH when it looks like one: it contains a `/` (or the platform's
 *   separator) or ends in `.yaml` / `.yml`. The user asked for that file, so
 *   it may be anywhere; it is read as every input is (src/load/files.ts:
 *   regular files only, at most 16 MiB, UTF-8).
 * - Otherwise X is a NAME of the built-in folder (models/<arch>/environments):
 *   it must match ENVIRONMENT_NAME and its file must resolve (symbolic links
 *   followed) inside that folder. A name never reaches another folder.
 */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9._-]+$/;

export const looksLikePath = (text: string): boolean => text.includes('/') || text.includes(sep) || /\.ya?ml$/.test(text);

/** The built-in environment names: the `*.yaml` files of `dir` (relative to the package root) whose names are valid. */
export function environmentNames(dir: string): string[] {
  const full = join(packageRoot(), dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).filter((n) => ENVIRONMENT_NAME.test(n)).sort();
}

/** The file of a built-in name, inside `dir`; null when there is none (or it leads outside). */
function builtinFile(dir: string, name: string): string | null {
  if (!ENVIRONMENT_NAME.test(name)) return null;
  try {
    const folder = realpathSync(join(packageRoot(), dir));
    const file = realpathSync(join(folder, `${name}.yaml`));
    return file.startsWith(folder + sep) ? file : null;
  } catch {
    return null;
  }
}

/** A path to an environment file: the argument when it looks like a path, else a built-in name's file; null if neither exists. */
export function locateEnvironment(dir: string, nameOrPath: string): string | null {
  if (looksLikePath(nameOrPath)) return existsSync(nameOrPath) ? nameOrPath : null;
  return builtinFile(dir, nameOrPath);
}

/**
 * The description of an environment argument (see above); paths are relative
 * to `base` (default: the working directory). Null: not a path, and no
 * built-in environment of that name.
 */
export function readEnvironment(dir: string, nameOrPath: string, base = process.cwd()): { source: SourceText } | { diagnostic: Diagnostic } | null {
  const isPath = looksLikePath(nameOrPath);
  const path = isPath ? resolve(base, nameOrPath) : builtinFile(dir, nameOrPath);
  if (path === null) return null;
  // Shown relative to the working directory when below it, else as the user typed it.
  const shown = displayName(path);
  const r = readTextFile(path, isPath && isAbsolute(shown) && base === process.cwd() ? nameOrPath : shown);
  if ('file' in r) return { source: { name: r.file.name, text: r.file.text } };
  const builtin = /\.ya?ml$/.test(nameOrPath) && builtinFile(dir, basename(nameOrPath).replace(/\.ya?ml$/, ''));
  if (r.diagnostic.code === 'load/not-found' && builtin) {
    return { diagnostic: error(r.diagnostic.code, r.diagnostic.message, undefined, `a built-in environment is named without \`.yaml\`: \`${basename(nameOrPath).replace(/\.ya?ml$/, '')}\``) };
  }
  return { diagnostic: r.diagnostic };
}
