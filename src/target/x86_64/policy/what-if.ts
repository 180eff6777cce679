/** What-if edits of the x86_64 rules: paths into the AST (see WHAT_IF_HELP). */
import type { Span } from '../../../diag/diagnostic.js';
import { didYouMean } from '../../../util/fuzzy.js';
import type { EditOp as Op } from '../../policy.js';
import { editNames } from '../../../whatif/names.js';
import type { DefinitionDecl, Name, X86Ast } from '../ast.js';

export const WHAT_IF_HELP = `  definitions.Westmere.features+=avx          add to (-= remove from) a model table's features
  definitions.Westmere.stepping=2              a definition's vendor, family, model, stepping, level, xlevel, model_id
  definitions.Haswell.versions.4.props.rtm=true   set (-= drop) a prop of version 4
  tcg+=avx  /  tcg-=aes                        the features TCG supports
  dependencies-=lm/vmx-entry-ia32e-mode        drop a dependency row (by id)
  dependencies+={id: x, if_none: [avx], clear: [avx2]}   add a row (at the end)
  aliases+={alias: sse3x, target: pni}         add (-=ALIAS remove) a property alias
  features+={name: newfeat, word: FEAT_7_0_EDX, bit: 6}  add (-=NAME remove) a feature`;

const hint = (word: string, known: Iterable<string>) => {
  const near = didYouMean(word, known);
  return near ? `; ${near}` : '';
};

const named = (value: string, span: Span): Name => ({ value, span });

const NUMBER_FIELDS = ['family', 'model', 'stepping', 'level', 'xlevel'] as const;

function definitionField(d: DefinitionDecl, field: string, op: Op): string | undefined {
  if (op.op !== 'set') return `write \`definitions.${d.name.value}.${field}=VALUE\``;
  if ((NUMBER_FIELDS as readonly string[]).includes(field)) {
    if (!Number.isInteger(op.value)) return `\`${op.path}\` needs a whole number, not \`${op.raw}\``;
    d[field as (typeof NUMBER_FIELDS)[number]] = { value: op.value as number, span: op.span };
    return undefined;
  }
  if (field === 'vendor' || field === 'model_id') {
    const value = { value: String(op.value), span: op.span };
    if (field === 'vendor') d.vendor = value;
    else d.modelId = value;
    return undefined;
  }
  return `unknown field \`${field}\`${hint(field, [...NUMBER_FIELDS, 'vendor', 'model_id', 'features', 'versions'])}`;
}

/** definitions.NAME.versions.N.props.KEY (=VALUE sets it, -=anything drops it). */
function versionProp(d: DefinitionDecl, rest: string[], op: Op): string | undefined {
  const [number = '', what] = rest;
  const key = rest.length > 2 ? rest.slice(2).join('.') : undefined;
  const v = d.versions.find((x) => String(x.version.value) === number);
  if (!v) return `\`${d.name.value}\` has no version ${number}${hint(number, d.versions.map((x) => String(x.version.value)))}`;
  if (what !== 'props' || key === undefined) return `write \`definitions.${d.name.value}.versions.${number}.props.KEY=VALUE\``;
  const i = v.props.findIndex((p) => p.key.value === key);
  if (op.op === 'remove') {
    if (i < 0) return `version ${number} of \`${d.name.value}\` does not set \`${key}\``;
    v.props.splice(i, 1);
    return undefined;
  }
  const value = op.value;
  if (typeof value !== 'boolean' && typeof value !== 'number' && typeof value !== 'string') return `\`${op.raw}\` is not a boolean, a number or a string`;
  const prop = { key: named(key, op.span), value: { value, span: op.span } };
  if (i < 0) v.props.push(prop);
  else v.props[i] = prop;
  return undefined;
}

function definitions(ast: X86Ast, path: string[], op: Op): string | undefined {
  const [name = '', field = '', ...rest] = path;
  const d = ast.definitions.find((x) => x.name.value === name);
  if (!d) return `no definition \`${name}\`${hint(name, ast.definitions.map((x) => x.name.value))}`;
  if (field === 'features') return editNames(d.features, op, `definitions.${name}.features`);
  if (field === 'versions') return versionProp(d, rest, op);
  return definitionField(d, field, op);
}

function tcg(ast: X86Ast, op: Op): string | undefined {
  const accel = ast.accelerators[0];
  if (!accel || op.op === 'set') return 'write `tcg+=FEATURE` or `tcg-=FEATURE`';
  const name = String(op.value);
  if (op.op === 'add') {
    if (!accel.supports.some((s) => s.features.some((f) => f.value === name))) accel.supports.push({ features: [named(name, op.span)], span: op.span });
    return undefined;
  }
  const entry = accel.supports.find((s) => s.features.some((f) => f.value === name));
  if (!entry) return `TCG does not list \`${name}\``;
  entry.features = entry.features.filter((f) => f.value !== name);
  return undefined;
}

/** `LIST-=NAME`: the entries without that name, or what is wrong (with a did-you-mean when `suggest`). */
function removeNamed<T>(list: readonly T[], nameOf: (t: T) => string, op: Op, what: string, set: (kept: T[]) => void, suggest = true): string | undefined {
  const name = String(op.value);
  const kept = list.filter((t) => nameOf(t) !== name);
  if (kept.length === list.length) return `no ${what} \`${name}\`${suggest ? hint(name, list.map(nameOf)) : ''}`;
  set(kept);
  return undefined;
}

/** `{id, if_none, clear}` as written in a patch or --set. */
function dependencies(ast: X86Ast, op: Op): string | undefined {
  if (op.op === 'remove') return removeNamed(ast.dependencies, (d) => d.id.value, op, 'dependency', (kept) => (ast.dependencies = kept));
  const v = op.value as { id?: unknown; if_none?: unknown; clear?: unknown } | null;
  const list = (x: unknown) => (Array.isArray(x) ? x.map((n) => named(String(n), op.span)) : null);
  const [ifNone, clear] = [list(v?.if_none), list(v?.clear)];
  if (op.op !== 'add' || typeof v?.id !== 'string' || !ifNone || !clear) return 'write `dependencies+={id: ID, if_none: [FEATURE…], clear: [FEATURE…]}`';
  ast.dependencies.push({ id: named(v.id, op.span), ifNone, clear: { kind: 'features', features: clear }, span: op.span });
  return undefined;
}

function aliases(ast: X86Ast, op: Op): string | undefined {
  if (op.op === 'remove') return removeNamed(ast.aliases, (a) => a.alias.value, op, 'alias', (kept) => (ast.aliases = kept), false);
  const v = op.value as { alias?: unknown; target?: unknown } | null;
  if (op.op !== 'add' || typeof v?.alias !== 'string' || typeof v.target !== 'string') return 'write `aliases+={alias: NAME, target: PROPERTY}`';
  ast.aliases.push({ alias: named(v.alias, op.span), target: named(v.target, op.span), span: op.span });
  return undefined;
}

function features(ast: X86Ast, op: Op): string | undefined {
  if (op.op === 'remove') return removeNamed(ast.features, (f) => f.name.value, op, 'feature', (kept) => (ast.features = kept));
  const v = op.value as { name?: unknown; word?: unknown; bit?: unknown } | null;
  if (op.op !== 'add' || typeof v?.name !== 'string' || typeof v.word !== 'string' || !Number.isInteger(v.bit)) {
    return 'write `features+={name: NAME, word: WORD, bit: N}`';
  }
  ast.features.push({ name: named(v.name, op.span), word: named(v.word, op.span), bits: [{ value: v.bit as number, span: op.span }], span: op.span });
  return undefined;
}

/** Apply one edit to the draft; a problem as text. */
export function applyX86Op(ast: X86Ast, op: Op): string | undefined {
  const [head = '', ...rest] = op.path.split('.');
  switch (head) {
    case 'definitions': return definitions(ast, rest, op);
    case 'tcg': return tcg(ast, op);
    case 'dependencies': return dependencies(ast, op);
    case 'aliases': return aliases(ast, op);
    case 'features': return features(ast, op);
    default:
      return `unknown path \`${op.path}\`${hint(head, ['definitions', 'tcg', 'dependencies', 'aliases', 'features'])}: see \`cpumodel what-if --help\``;
  }
}
