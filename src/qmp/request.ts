/**
 * The top-level shape check QEMU applies to every parsed request, member by
 * member in QDict order, so the first offending member in that order is the
 * one reported.
 */
import { qdictOrder } from '../util/qdict.js';
import type { JsonObject, JsonValue } from './json-parse.js';

export type CheckedRequest = { command: string; oob: boolean; args: JsonObject } | { error: string };

export function checkRequest(request: JsonValue, oobEnabled: boolean): CheckedRequest {
  if (!(request instanceof Map)) return { error: 'QMP input must be a JSON object' };
  let execKey: string | null = null;
  for (const key of qdictOrder([...request.keys()])) {
    const value = request.get(key);
    if (key === 'execute' || (key === 'exec-oob' && oobEnabled)) {
      if (typeof value !== 'string') return { error: `QMP input member '${key}' must be a string` };
      if (execKey) return { error: `QMP input member '${key}' clashes with '${execKey}'` };
      execKey = key;
    } else if (key === 'arguments') {
      if (!(value instanceof Map)) return { error: "QMP input member 'arguments' must be an object" };
    } else if (key !== 'id') {
      return { error: `QMP input member '${key}' is unexpected` };
    }
  }
  if (!execKey) return { error: "QMP input lacks member 'execute'" };
  const args = request.get('arguments');
  return {
    command: request.get(execKey) as string,
    oob: execKey === 'exec-oob',
    args: args instanceof Map ? args : new Map(),
  };
}
