import type { DefinitionDecl, RuleSetAst } from '../parse/ast.js';
import type { EditOp as Op } from '../../policy.js';

type Setter = (d: DefinitionDecl, op: Op) => string | undefined;

const integer = (op: Op): number | undefined => (Number.isInteger(op.value) ? (op.value as number) : undefined);
const version = (op: Op): string => op.raw.replace(/^["']|["']$/g, '');

function numberField(apply: (d: DefinitionDecl, n: number, op: Op) => void): Setter {
  return (d, op) => {
    const n = integer(op);
    if (n === undefined) return `\`${op.path}\` needs a whole number, not \`${op.raw}\``;
    apply(d, n, op);
    return undefined;
  };
}

/** The fields `definitions.NAME.FIELD=VALUE` can set, as in models/definitions.yaml. */
const FIELDS: Record<string, Setter> = {
  gen: numberField((d, n, op) => (d.gen = { value: n, span: op.span })),
  ga: numberField((d, n, op) => (d.ga = { value: n, span: op.span })),
  cpu_type: numberField((d, n) => (d.cpuType = n)),
  mha_pow: numberField((d, n) => (d.mhaPow = n)),
  hmfai: numberField((d, n) => (d.hmfai = n)),
  desc: (d, op) => void (d.desc = String(op.value)),
  legacy: (d, op) => (typeof op.value === 'boolean' ? void (d.legacy = op.value) : '`legacy` is true or false'),
  since: (d, op) => void (d.since = { value: version(op), span: op.span }),
  until: (d, op) => void (d.until = { value: version(op), span: op.span }),
};

/** `NAME.FIELD` (the name may contain dots: z13.2.ga). */
export function definitionField(ast: RuleSetAst, rest: string, op: Op): string | undefined {
  const dot = rest.lastIndexOf('.');
  const [name, field] = [rest.slice(0, dot), rest.slice(dot + 1)];
  const d = ast.definitions.find((x) => x.name.value === name);
  if (!d) return `no definition \`${name || rest}\``;
  const set = Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
  if (!set) return `unknown definition field \`${field}\` (fields: ${Object.keys(FIELDS).join(', ')})`;
  if (op.op !== 'set') return `\`${op.path}\` is a field: use =`;
  return set(d, op);
}

const before = (a: DefinitionDecl, gen: number, ga: number) => a.gen.value < gen || (a.gen.value === gen && a.ga.value <= ga);

/**
 * `definitions+={name, cpu_type, gen, ga, …}`: inserted after `after: NAME`,
 * else after the last definition of the same or an older level (release
 * order); unspecified fields come from the definition before it.
 */
export function addDefinition(ast: RuleSetAst, op: Op): string | undefined {
  const v = op.value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || typeof v.name !== 'string' || !Number.isInteger(v.gen) || !Number.isInteger(v.ga) || !Number.isInteger(v.cpu_type)) {
    return 'a new definition needs at least {name, cpu_type, gen, ga}';
  }
  if (ast.definitions.some((d) => d.name.value === v.name)) return `definition \`${v.name}\` exists already`;
  const [gen, ga] = [v.gen as number, v.ga as number];
  const older = ast.definitions.map((d, i) => (before(d, gen, ga) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  const at = typeof v.after === 'string' ? ast.definitions.findIndex((d) => d.name.value === v.after) : older;
  if (typeof v.after === 'string' && at < 0) return `no definition \`${v.after}\` to place it after`;
  const prev = ast.definitions[at];
  const span = op.span;
  const decl: DefinitionDecl = {
    name: { value: v.name, span }, cpuType: v.cpu_type as number, gen: { value: gen, span }, ga: { value: ga, span },
    mhaPow: (v.mha_pow as number | undefined) ?? prev?.mhaPow ?? 0, hmfai: (v.hmfai as number | undefined) ?? prev?.hmfai ?? 0,
    desc: typeof v.desc === 'string' ? v.desc : v.name, legacy: v.legacy === true, span,
    ...(v.since !== undefined ? { since: { value: String(v.since), span } } : {}),
  };
  ast.definitions.splice(at + 1, 0, decl);
  return undefined;
}
