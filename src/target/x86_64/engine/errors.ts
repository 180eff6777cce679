import type { Dialect, ModelError } from '../../types.js';
import { defaultErrorClass } from '../../result.js';

/** QEMU's text for a failed x86 query, in the profile's dialect (Appendix E.1). */
export function errorText(e: ModelError, dialect: Dialect): string {
  const path = dialect === 'qapi-path';
  switch (e.code) {
    case 'unknown-model': return `CPU model '${e.name}' not found`;
    case 'props-not-object': return `Invalid parameter type for '${e.where}.props', expected: object`;
    case 'prop-not-bool': return `Invalid parameter type for '${path ? `${e.where}.props.${e.key}` : e.key}', expected: boolean`;
    case 'property-not-found': return `Property '${e.typename}.${e.key}' not found`;
    case 'property-not-writable': return `Property '${e.typename}.${e.key}' is not writable`;
    case 'object-property': case 'not-supported': return e.desc;
    case 'feature-too-new': return `Feature '${e.feature}' is not available for CPU model '${e.def}'`;
    case 'group-too-new': return `Group '${e.group}' is not available for CPU model '${e.def}'`;
    case 'baseline-impossible': return 'The command query-cpu-model-baseline has not been found';
  }
}

export const errorClass = defaultErrorClass;
