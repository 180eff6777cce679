/**
 * The AST of several rule files from the ASTs of each: what parsing them in
 * one pass gives, since a file's sections only add to the AST (append to its
 * lists, set members of its records, later files winning). Lists are joined
 * in file order, records merged member by member, other values replaced.
 * Never changes its inputs. Lets the rule cache parse only the files that
 * changed (src/cache/rules-cache.ts).
 */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergeAst<T>(empty: T, parts: readonly unknown[]): T {
  return parts.reduce<unknown>((into, part) => merge(into, part), empty) as T;
}

function merge(into: unknown, part: unknown): unknown {
  if (Array.isArray(into) && Array.isArray(part)) return part.length === 0 ? into : [...into, ...part];
  if (!isRecord(into) || !isRecord(part)) return part === undefined ? into : part;
  const out: Record<string, unknown> = { ...into };
  for (const [key, value] of Object.entries(part)) out[key] = key in into ? merge(into[key], value) : value;
  return out;
}
