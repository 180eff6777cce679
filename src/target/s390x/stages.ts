/** The s390x parse and check stages: loaded on first use (they need `yaml`), see src/load/lazy.ts. */
export { parseSources } from './parse/parse.js';
export { checkRules } from './check/check.js';
