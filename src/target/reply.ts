import type { Result } from './result.js';
import type { ArchEngine } from './types.js';

/** A query's result as QMP replies with it: `return`, or QEMU's error class and text. */
export function qmpReply<T>(result: Result<T>, engine: ArchEngine): { return: T } | { error: { class: string; desc: string } } {
  return result.ok ? { return: result.value } : { error: { class: engine.errorClass(result.error), desc: engine.errorText(result.error) } };
}
