/** Partial requests of ~245 KB (no end), by the shape of their tokens; shared with the heap measurement's child process. */
export const PARTIAL: Record<string, string> = {
  'one-byte tokens': `[${'1,'.repeat(122_000)}`,
  nesting: '['.repeat(1000) + '"a",'.repeat(60_000),
  'a long string': `{"execute":"${'x'.repeat(245_000)}`,
  'many keys': `{${'"k":1,'.repeat(40_000)}`,
};
