type RuleRefLike = { id: string; span: object };
const isRuleRef = (v: unknown): v is RuleRefLike =>
  typeof v === 'object' && v !== null && typeof (v as RuleRefLike).id === 'string' && typeof (v as RuleRefLike).span === 'object';

/** Every rule id in a value of the IR (plain objects and arrays; bitsets and maps are skipped). */
function collect(value: unknown, out: Set<string>, seen: Set<unknown>): void {
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value) || value instanceof Map) return;
  seen.add(value);
  if (isRuleRef(value)) out.add(value.id);
  for (const v of Array.isArray(value) ? value : Object.values(value)) collect(v, out, seen);
}

/** The rule ids of a compiled IR by category (the IR field they hang from): for test coverage. */
export function ruleIdsByField(ir: object): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(ir)) {
    const ids = new Set<string>();
    collect(value, ids, new Set());
    if (ids.size > 0) out.set(key, ids);
  }
  return out;
}


type Located = { id: string; span: { file?: unknown; line?: unknown } };

/** Where each rule id of a compiled IR is written: `file:line` (the first place met). */
export function ruleLocations(ir: object): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value) || value instanceof Map) return;
    seen.add(value);
    if (isRuleRef(value) && !out.has(value.id)) {
      const { file, line } = (value as Located).span;
      if (typeof file === 'string' && typeof line === 'number') out.set(value.id, `${file}:${line}`);
    }
    for (const v of Array.isArray(value) ? value : Object.values(value)) walk(v);
  };
  walk(ir);
  return out;
}
