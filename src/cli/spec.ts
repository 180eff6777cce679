import { ModelSpecError, parseCpuSpec, type ModelSpec } from '../util/cpu-spec.js';
import { usageError } from './errors.js';

export type { ModelSpec } from '../util/cpu-spec.js';

/** A MODEL argument in QEMU's `-cpu` syntax (src/util/cpu-spec.ts); malformed ones are usage errors. */
export function parseModelSpec(text: string): ModelSpec {
  try {
    return parseCpuSpec(text);
  } catch (e) {
    if (e instanceof ModelSpecError) throw usageError(e.message, e.help);
    throw e;
  }
}
