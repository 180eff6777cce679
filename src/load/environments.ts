import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './load.js';

const BUILTIN_DIR = join(packageRoot(), 'models', 'environments');

/** The built-in environment names (models/environments/*.yaml). */
export function environmentNames(): string[] {
  return existsSync(BUILTIN_DIR) ? readdirSync(BUILTIN_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() : [];
}

/** A path to an environment file: the argument itself, or a built-in name; null if neither exists. */
export function locateEnvironment(nameOrPath: string): string | null {
  if (nameOrPath.endsWith('.yaml') && existsSync(nameOrPath)) return nameOrPath;
  const builtin = join(BUILTIN_DIR, `${nameOrPath}.yaml`);
  return existsSync(builtin) ? builtin : null;
}
