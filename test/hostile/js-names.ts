/**
 * Names that are members of every JavaScript object (Object.prototype's own
 * properties: `constructor`, `__proto__`, `toString`, `valueOf`,
 * `hasOwnProperty`, …), read from the runtime so none is forgotten. Each
 * is a possible CPU property, model, feature or rule name to a client or a
 * rule author, and must be treated as one.
 */
export const JS_MEMBER_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype).sort();
