/**
 * Modules loaded on first use.
 *
 * Parsing needs the `yaml` package (about 25 ms to load, more than a whole
 * cached query), so a run whose rules come from the cache must not load it.
 * ESM has no synchronous lazy import; built JavaScript on a Node with
 * require(esm) (20.19+, 22.12+) loads the module with `require` on first
 * use, sharing the ESM module cache. Elsewhere (TypeScript sources under
 * tsx or vitest, older Node) it is imported eagerly, once.
 */
import { createRequire } from 'node:module';

const onDemand = import.meta.url.endsWith('.js') && process.features.require_module === true;
const loaded = new Set<string>();

/** `specifier` relative to `fromUrl`, as a getter that loads it on first call. */
export async function lazyModule<T>(fromUrl: string, specifier: string): Promise<() => T> {
  const key = new URL(specifier, fromUrl).href;
  if (!onDemand) {
    const mod = (await import(key)) as T;
    loaded.add(key);
    return () => mod;
  }
  let mod: T | undefined;
  return () => {
    if (mod === undefined) {
      mod = createRequire(fromUrl)(specifier) as T;
      loaded.add(key);
    }
    return mod;
  };
}

/** Has this process loaded a parser (a target's stages module, and with it `yaml`)? For tests and benchmarks. */
export function lazyLoaded(): boolean {
  return [...loaded].some((key) => key.endsWith('/stages.js'));
}
