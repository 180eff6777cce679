import { qdictOrdered } from '../util/qdict.js';

/**
 * JSON as QEMU prints it: `": "` and `", "` separators, object keys in QDict
 * order. Provisional until src/qmp/json-write.ts lands.
 */
export function toJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const ordered = qdictOrdered(value as Record<string, unknown>);
    return `{${Object.entries(ordered).map(([k, v]) => `${JSON.stringify(k)}: ${toJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
