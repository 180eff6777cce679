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
  const execKey = plainExecKey(request, oobEnabled) ?? orderedCheck(request, oobEnabled);
  if (typeof execKey !== 'string') return execKey;
  const args = request.get('arguments');
  return {
    command: request.get(execKey) as string,
    oob: execKey === 'exec-oob',
    args: args instanceof Map ? args : new Map(),
  };
}

const isExec = (key: string, oobEnabled: boolean): boolean => key === 'execute' || (key === 'exec-oob' && oobEnabled);

/**
 * The key naming the command when every member is acceptable on its own and
 * exactly one names the command: then no error can arise, whatever the
 * order. Null otherwise (the order decides which error is reported).
 */
function plainExecKey(request: Map<string, JsonValue>, oobEnabled: boolean): string | null {
  let execKey: string | null = null;
  for (const [key, value] of request) {
    if (isExec(key, oobEnabled)) {
      if (execKey !== null || typeof value !== 'string') return null;
      execKey = key;
    } else if ((key === 'arguments' && !(value instanceof Map)) || (key !== 'arguments' && key !== 'id')) {
      return null;
    }
  }
  return execKey;
}

/** The members checked one by one in QDict order: the first error, or the key naming the command. */
function orderedCheck(request: Map<string, JsonValue>, oobEnabled: boolean): string | { error: string } {
  let execKey: string | null = null;
  for (const key of qdictOrder([...request.keys()])) {
    const value = request.get(key);
    if (isExec(key, oobEnabled)) {
      if (typeof value !== 'string') return { error: `QMP input member '${key}' must be a string` };
      if (execKey) return { error: `QMP input member '${key}' clashes with '${execKey}'` };
      execKey = key;
    } else if (key === 'arguments') {
      if (!(value instanceof Map)) return { error: "QMP input member 'arguments' must be an object" };
    } else if (key !== 'id') {
      return { error: `QMP input member '${key}' is unexpected` };
    }
  }
  return execKey ?? { error: "QMP input lacks member 'execute'" };
}
