import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './load.js';

/** The built-in environment names: the `*.yaml` files of `dir` (relative to the package root). */
export function environmentNames(dir: string): string[] {
  const full = join(packageRoot(), dir);
  return existsSync(full) ? readdirSync(full).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() : [];
}

/** A path to an environment file: the argument itself, or a built-in name of `dir`; null if neither exists. */
export function locateEnvironment(dir: string, nameOrPath: string): string | null {
  if (nameOrPath.endsWith('.yaml') && existsSync(nameOrPath)) return nameOrPath;
  const builtin = join(packageRoot(), dir, `${nameOrPath}.yaml`);
  return existsSync(builtin) ? builtin : null;
}
