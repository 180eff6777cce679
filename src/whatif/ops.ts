import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, type Node } from 'yaml';
import { yamlErrorText } from '../parse/yaml-error.js';
import type { Span } from '../diag/diagnostic.js';
import type { EditOp } from '../target/policy.js';

/**
 * A what-if edit: add a value to a list, remove it, or set a field, at a path
 * into the rule AST. Written as `--set` expressions or in a patch file:
 *
 *   generations.GEN16_GA1.default+=appv      add to a level's base/default/full list
 *   generations.GEN15_GA1.remove.default-=bpb   the level's removal lists
 *   dependencies.appv+=ap                     appv requires ap (-= removes the pair)
 *   groups.msa9+=kimd-sha-512                 group members
 *   deprecated+=vx                            features reported in deprecated-props
 *   definitions.z14.ga=2                      a definition's field (gen, ga, cpu_type, desc, legacy, mha_pow, hmfai, since, until)
 *   definitions+={name: gen17c, cpu_type: 0x9177, gen: 17, ga: 1}   add a definition (after: NAME places it)
 *   definitions-=z900                         remove a definition
 *
 * A value after += or -= may list several names: `default+=appv,appvi`.
 * Values are YAML scalars or flow collections.
 */
export type OpKind = EditOp['op'];

/** An edit; its span is where it was written: file (`--set` or the patch file), line, column. */
export type Op = EditOp;

export interface Parsed {
  ops: Op[];
  problems: { message: string; span: Span }[];
}

const EXPR = /^([A-Za-z0-9_.\-]+?)\s*(\+=|-=|=)\s*(.+)$/s;

function values(kind: OpKind, text: string): [unknown, string][] {
  const value: unknown = parse(text.trim());
  if (kind !== 'set' && typeof value === 'string' && value.includes(',')) return value.split(',').map((v) => [v.trim(), v.trim()]);
  return [[value, text.trim()]];
}

/** One `--set` expression: several ops when it lists several names. */
export function parseExpression(text: string, span: Span): Op[] | string {
  const m = EXPR.exec(text.trim());
  if (!m) return `cannot read \`${text}\`: expected PATH+=VALUE, PATH-=VALUE or PATH=VALUE`;
  const op: OpKind = m[2] === '+=' ? 'add' : m[2] === '-=' ? 'remove' : 'set';
  try {
    return values(op, m[3]!).map(([value, raw]) => ({ op, path: m[1]!, value, raw, span }));
  } catch (e) {
    return `cannot read the value of \`${text}\`: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** `--set` expressions; each gets the span `--set:N:1`. */
export function parseExpressions(texts: readonly string[]): Parsed {
  const out: Parsed = { ops: [], problems: [] };
  let offset = 0;
  texts.forEach((text, i) => {
    const span: Span = { file: '--set', line: i + 1, col: 1, start: offset, end: offset + text.length };
    offset += text.length + 1;
    const r = parseExpression(text, span);
    if (typeof r === 'string') out.problems.push({ message: r, span });
    else out.ops.push(...r);
  });
  return out;
}

function spanOf(file: string, lines: LineCounter, node: Node): Span {
  const [start, , end] = node.range ?? [0, 0, 0];
  const pos = lines.linePos(start);
  return { file, line: pos.line, col: pos.col, start, end };
}

/** One patch entry: an expression string, or `{op, path, value}`. */
function entryOps(item: Node, span: Span): Op[] | string {
  if (isScalar(item) && typeof item.value === 'string') return parseExpression(item.value, span);
  if (!isMap(item)) return 'a patch entry is an expression string or a map {op, path, value}';
  const e = item.toJSON() as Record<string, unknown>;
  const extra = Object.keys(e).find((k) => !['op', 'path', 'value'].includes(k));
  if (extra) return `unknown key \`${extra}\` in a patch entry (expected op, path, value)`;
  if (!['add', 'remove', 'set'].includes(String(e.op))) return `\`op\` must be add, remove or set`;
  if (typeof e.path !== 'string' || !('value' in e)) return 'a patch entry needs `path` and `value`';
  const list = Array.isArray(e.value) && e.op !== 'set' ? e.value : [e.value];
  return list.map((value) => ({ op: e.op as OpKind, path: e.path as string, value, raw: String(value), span }));
}

/** A patch file (YAML or JSON): a list of entries, with spans into the file. */
export function parsePatch(file: string, text: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const out: Parsed = { ops: [], problems: [] };
  const whole = { file, line: 1, col: 1, start: 0, end: text.length };
  if (doc.errors.length > 0) return { ops: [], problems: doc.errors.map((e) => ({ message: yamlErrorText(e), span: whole })) };
  if (!isSeq(doc.contents)) return { ops: [], problems: [{ message: 'a patch file is a list of edits', span: whole }] };
  for (const item of doc.contents.items as Node[]) {
    const span = spanOf(file, lines, item);
    const r = entryOps(item, span);
    if (typeof r === 'string') out.problems.push({ message: r, span });
    else out.ops.push(...r);
  }
  return out;
}
