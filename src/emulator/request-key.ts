/**
 * The key of a recorded request: its command and arguments as JSON with
 * every object's members sorted by name, so that the same request written
 * with members in another order (libvirt, a test, a recording script) finds
 * the same recorded reply. Arguments may be Maps (the QMP reader's objects,
 * integers as bigint) or plain JSON values.
 */
function canonical(value: unknown): string {
  if (value instanceof Map) return object([...value.entries()] as [string, unknown][]);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null) return object(Object.entries(value));
  return JSON.stringify(value) ?? 'null';
}

function object(members: [string, unknown][]): string {
  const sorted = members.filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${sorted.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** `{"arguments":{…},"execute":"name"}` in canonical form; no `arguments` member when there are none. */
export function requestKey(execute: string, args: unknown): string {
  const empty = args === undefined || (args instanceof Map ? args.size === 0 : typeof args === 'object' && args !== null && Object.keys(args).length === 0);
  return empty ? object([['execute', execute]]) : object([['arguments', args], ['execute', execute]]);
}
