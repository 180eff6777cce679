/**
 * A unified diff (`diff -u` style) of two texts, line by line, from a
 * longest common subsequence of the lines between their common prefix and
 * suffix. Above MAX_CELLS, the differing middle is shown as replaced whole.
 * Texts are read as lines ending in `\n` (a missing last newline is not marked).
 */
const CONTEXT = 3;
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; text: string };

/** The edit script of the middle parts: an LCS table walked from the start. */
function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];
  const w = b.length + 1;
  const t = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) t[i * w + j] = a[i] === b[j] ? t[(i + 1) * w + j + 1]! + 1 : Math.max(t[(i + 1) * w + j]!, t[i * w + j + 1]!);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', text: a[i++]! }), j++;
    else if (i < a.length && (j === b.length || t[(i + 1) * w + j]! >= t[i * w + j + 1]!)) ops.push({ kind: '-', text: a[i++]! });
    else ops.push({ kind: '+', text: b[j++]! });
  }
  return ops;
}

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const same = (lines: readonly string[]): Op[] => lines.map((text) => ({ kind: ' ', text }));
  return [...same(a.slice(0, pre)), ...lcsOps(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)), ...same(a.slice(a.length - suf))];
}

/** The hunks of an edit script: runs of changes with up to CONTEXT lines around, nearby runs merged. */
function hunks(ops: readonly Op[]): string[] {
  const pos: [number, number][] = [];
  let [a, b] = [1, 1];
  for (const op of ops) {
    pos.push([a, b]);
    if (op.kind !== '+') a++;
    if (op.kind !== '-') b++;
  }
  const changes = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  const out: string[] = [];
  for (let c = 0; c < changes.length;) {
    let last = c;
    while (last + 1 < changes.length && changes[last + 1]! - changes[last]! - 1 <= 2 * CONTEXT) last++;
    const start = Math.max(0, changes[c]! - CONTEXT);
    const end = Math.min(ops.length, changes[last]! + 1 + CONTEXT);
    const body = ops.slice(start, end);
    const olds = body.filter((o) => o.kind !== '+').length;
    const news = body.filter((o) => o.kind !== '-').length;
    const [oa, ob] = pos[start]!;
    out.push(`@@ -${olds ? oa : oa - 1},${olds} +${news ? ob : ob - 1},${news} @@`, ...body.map((o) => `${o.kind}${o.text}`));
    c = last + 1;
  }
  return out;
}

/** `--- old` / `+++ new` and the hunks; empty when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string[] {
  if (oldText === newText) return [];
  const split = (t: string) => (t === '' ? [] : (t.endsWith('\n') ? t.slice(0, -1) : t).split('\n'));
  const body = hunks(editScript(split(oldText), split(newText)));
  return [`--- ${oldName}`, `+++ ${newName}`, ...body];
}
