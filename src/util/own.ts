/**
 * Plain objects keyed by names that come from requests and rule files. A
 * name such as `constructor`, `toString` or `__proto__` is a name like any
 * other: reading `record[name]` would find Object.prototype's member, and
 * writing `record.__proto__` would change the prototype instead of adding a
 * key. Look such keys up with `own`, write them with `setOwn`, or use a Map.
 */

/** The record's own value for `key` (never an inherited member). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `key` as an own data member, `__proto__` included. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
