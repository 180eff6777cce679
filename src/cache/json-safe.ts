/**
 * A JSON.stringify replacer that throws on every value JSON.parse would not
 * give back as it was: non-finite numbers and -0 (written as null and 0),
 * `undefined` or functions in arrays (null), bigints, and objects other than
 * plain objects and arrays (a Map or Date loses its contents or type).
 * `undefined` object members are dropped, which readers of an optional
 * member cannot tell apart.
 */
export function jsonSafe(this: unknown, key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) throw new TypeError(`not JSON-safe: ${key} = ${value}`);
      return value;
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new TypeError(`not JSON-safe: ${key} is a ${typeof value}`);
    case 'undefined':
      if (Array.isArray(this)) throw new TypeError(`not JSON-safe: undefined in an array at ${key}`);
      return value;
    case 'object':
      if (value === null || Array.isArray(value) || [Object.prototype, null].includes(Object.getPrototypeOf(value))) return value;
      throw new TypeError(`not JSON-safe: ${key} is a ${value.constructor?.name ?? 'object'}`);
    default:
      return value;
  }
}
