/** The x86_64 parse and check stages: loaded on first use (they need `yaml`), see src/load/lazy.ts. */
export { parseX86 } from './parse/index.js';
export { checkX86 } from './check/index.js';
