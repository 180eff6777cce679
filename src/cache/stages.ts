/**
 * The parse and check stages, loaded on first use.
 *
 * Parsing needs the `yaml` package (about 25 ms to load, more than a whole
 * cached query), so a run whose rules come from the cache must not load it.
 * ESM has no synchronous lazy import; built JavaScript on a Node with
 * require(esm) (20.19+, 22.12+) loads the stages with `require` on first
 * use, sharing the ESM module cache. Elsewhere (TypeScript sources under
 * tsx or vitest, older Node) they are imported eagerly, here, once.
 */
import { createRequire } from 'node:module';
import type * as CheckModule from '../target/s390x/check/check.js';
import type * as ParseModule from '../target/s390x/parse/parse.js';

interface Stages {
  parseSources: typeof ParseModule.parseSources;
  checkRules: typeof CheckModule.checkRules;
}

const onDemand = import.meta.url.endsWith('.js') && process.features.require_module === true;

async function importNow(): Promise<Stages> {
  const [parse, check] = await Promise.all([import('../target/s390x/parse/parse.js'), import('../target/s390x/check/check.js')]);
  return { parseSources: parse.parseSources, checkRules: check.checkRules };
}

let stages: Stages | undefined = onDemand ? undefined : await importNow();

function load(): Stages {
  if (stages) return stages;
  const require = createRequire(import.meta.url);
  const parse = require('../parse/parse.js') as typeof ParseModule;
  const check = require('../check/check.js') as typeof CheckModule;
  return (stages = { parseSources: parse.parseSources, checkRules: check.checkRules });
}

/** parse/parse.ts parseSources, loaded on first use. */
export const parseSources: Stages['parseSources'] = (sources) => load().parseSources(sources);

/** check/check.ts checkRules, loaded on first use. */
export const checkRules: Stages['checkRules'] = (ast) => load().checkRules(ast);

/** Has this process loaded the parser (and with it `yaml`)? For tests and benchmarks. */
export function stagesLoaded(): boolean {
  return stages !== undefined;
}
