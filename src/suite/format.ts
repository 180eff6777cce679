import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import { describeYamlErrors } from '../parse/yaml-error.js';
import { canonicalJson } from '../diff/space.js';
import { looksLikePath } from '../load/environments.js';

/**
 * A regression-suite file: YAML, either a list of cases or a map with
 * defaults (`profile`, `machine`, `env`) and `cases`. A case has exactly one
 * request key, the expected answer and optionally the expected reasons:
 *
 *   - name: baseline picks the EC model   # optional label
 *     baseline: [z14, z14ZR1]             # models: -cpu strings or {name, props}
 *     profile: qemu-10.0                  # optional, also machine and env
 *     expect: {model: {name: z14-base}}
 *     reasons: [definition/z14]           # rule ids the answer must cite
 *
 * YAML anchors and aliases are resolved (`&m z14` … `compare: [*m, z13]`),
 * at most MAX_ALIAS_COUNT uses per alias: a document that expands beyond
 * that (an "alias bomb") is a problem of the file, not a blow-up. An `env`
 * that is a path (src/load/environments.ts) is relative to the suite file.
 */
export const KINDS = ['expand', 'compare', 'baseline', 'definitions', 'explain', 'lint', 'check-run'] as const;
export type Kind = (typeof KINDS)[number];

/** How far one alias may expand (the yaml package's measure; its default). */
export const MAX_ALIAS_COUNT = 100;

/** A node as plain data, aliases resolved. */
const plain = (doc: Document, node: Node): unknown => node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });

const OPTIONS = ['name', 'type', 'profile', 'machine', 'env', 'expect', 'reasons'];
const DEFAULTS = ['profile', 'machine', 'env'];

export interface Where {
  file: string;
  line: number;
  col: number;
}

export interface Case {
  kind: Kind;
  /** The request value as written (a model, a list of models, a question). */
  request: unknown;
  type?: string;
  profile?: string;
  machine?: string;
  env?: string;
  name?: string;
  expect?: unknown;
  hasExpect: boolean;
  reasons?: string[];
  where: Where;
  /** The case's node in the document, for --update. */
  node: YAMLMap;
}

export interface SuiteFile {
  file: string;
  doc: Document;
  cases: Case[];
  problems: { message: string; where: Where }[];
}

function whereOf(file: string, lines: LineCounter, node: Node | null | undefined): Where {
  const pos = lines.linePos(node?.range?.[0] ?? 0);
  return { file, line: pos.line, col: pos.col };
}

type Defaults = Partial<Record<'profile' | 'machine' | 'env', string>>;

/** An environment path is relative to the suite file's folder; a name stays a name. */
function envOf(file: string, env: string | undefined): string | undefined {
  return env !== undefined && looksLikePath(env) && !isAbsolute(env) ? join(dirname(file), env) : env;
}

function readCase(doc: Document, node: YAMLMap, defaults: Defaults, where: Where): Case | string {
  const v = plain(doc, node) as Record<string, unknown>;
  const kinds = KINDS.filter((k) => k in v);
  if (kinds.length !== 1) return `a case needs exactly one request key (${KINDS.join(', ')}), found ${kinds.length ? kinds.join(', ') : 'none'}`;
  const unknown = Object.keys(v).find((k) => !OPTIONS.includes(k) && !KINDS.includes(k as Kind));
  if (unknown) return `unknown key \`${unknown}\` in a case`;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const bad = ['name', 'type', ...DEFAULTS].find((k) => k in v && typeof v[k] !== 'string');
  if (bad) return `\`${bad}\` must be a string`;
  if ('reasons' in v && (!Array.isArray(v.reasons) || v.reasons.some((r) => typeof r !== 'string'))) return '`reasons` must be a list of rule ids';
  if ('type' in v && kinds[0] !== 'expand') return '`type` belongs to expand cases';
  return {
    kind: kinds[0]!, request: v[kinds[0]!], type: str('type'), name: str('name'),
    profile: str('profile') ?? defaults.profile, machine: str('machine') ?? defaults.machine, env: envOf(where.file, str('env') ?? defaults.env),
    expect: v.expect, hasExpect: 'expect' in v, reasons: v.reasons as string[] | undefined, where, node,
  };
}

function caseList(doc: Document, out: SuiteFile, lines: LineCounter): { items: Node[]; defaults: Defaults } | null {
  const root = doc.contents;
  if (isSeq(root)) return { items: root.items as Node[], defaults: {} };
  if (!isMap(root)) return null;
  const top = plain(doc, root) as Record<string, unknown>;
  const extra = Object.keys(top).find((k) => k !== 'cases' && !DEFAULTS.includes(k));
  if (extra) out.problems.push({ message: `unknown key \`${extra}\` (a suite file has ${DEFAULTS.join(', ')} and cases)`, where: whereOf(out.file, lines, root) });
  const cases = root.get('cases', true);
  return isSeq(cases) ? { items: cases.items as Node[], defaults: top as Defaults } : null;
}

/** Read a suite file; problems (not cases) are reported with file:line:col. */
export function readSuite(file: string, text: string): SuiteFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const out: SuiteFile = { file, doc, cases: [], problems: [] };
  for (const problem of describeYamlErrors(doc.errors, text)) {
    out.problems.push({ message: problem.message, where: { file, ...lines.linePos(problem.start) } });
  }
  if (doc.errors.length > 0) return out;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    out.problems.push({ message: `the aliases expand too far (${(e as Error).message.toLowerCase()}); at most ${MAX_ALIAS_COUNT} uses per alias`, where: { file, line: 1, col: 1 } });
    return out;
  }
  const list = caseList(doc, out, lines);
  if (!list) {
    out.problems.push({ message: 'a suite file is a list of cases, or a map with `cases`', where: { file, line: 1, col: 1 } });
    return out;
  }
  for (const item of list.items) {
    const where = whereOf(file, lines, item);
    const c = isMap(item) ? readCase(doc, item, list.defaults, where) : 'a case is a map';
    if (typeof c === 'string') out.problems.push({ message: c, where });
    else out.cases.push(c);
  }
  return out;
}

/** Two cases are the same request when kind, request (map keys in any order), type, profile, machine and env agree. */
export function requestIdentity(c: Case, defaultProfile: string): string {
  return canonicalJson([c.kind, c.request, c.type ?? 'static', c.profile ?? defaultProfile, c.machine ?? '', c.env ?? '']);
}
