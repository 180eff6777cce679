/**
 * Errors of the CPU-model queries as data. The text QEMU prints for each is
 * produced by `errorText`, per QMP dialect (the texts changed after 7.2).
 */
import { defaultErrorClass, type ModelError, type Result } from '../../result.js';
import type { Dialect } from '../../types.js';

export { ok, fail, type ModelError, type Result } from '../../result.js';
export type { Dialect } from '../../types.js';

export function errorText(e: ModelError, dialect: Dialect): string {
  const path = dialect === 'qapi-path';
  switch (e.code) {
    case 'unknown-model': return `The CPU definition '${e.name}' is unknown.`;
    case 'props-not-object':
      return path ? `Invalid parameter type for '${e.where}.props', expected: object` : `Invalid parameter type for 'props', expected: dict`;
    case 'prop-not-bool':
      return `Invalid parameter type for '${path ? `${e.where}.props.${e.key}` : e.key}', expected: boolean`;
    case 'property-not-found': return `Property '${e.typename}.${e.key}' not found`;
    case 'property-not-writable': return `Property '${e.typename}.${e.key}' is not writable`;
    case 'feature-too-new': return `Feature '${e.feature}' is not available for CPU model '${e.def}', it was introduced with later models.`;
    case 'group-too-new': return `Group '${e.group}' is not available for CPU model '${e.def}', it was introduced with later models.`;
    case 'baseline-impossible': return 'No compatible CPU model could be created as important base features are disabled';
    case 'object-property': return e.desc;
    case 'not-supported': return e.desc;
  }
}

/** A query's result as QMP replies with it: `return`, or QEMU's error class and text. */
export function qmpReply<T>(result: Result<T>, dialect: Dialect): { return: T } | { error: { class: string; desc: string } } {
  return result.ok ? { return: result.value } : { error: { class: errorClass(result.error), desc: errorText(result.error, dialect) } };
}

/** QMP error class: GenericError except where QEMU uses another. */
export const errorClass = defaultErrorClass;

