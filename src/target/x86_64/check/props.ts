import { error } from '../../../diag/diagnostic.js';
import type { CpuPropertyDecl, Located, PropDecl, X86Ast } from '../ast.js';
import type { Ctx, Mask } from './context.js';
import type { Names } from './namespaces.js';

/** The JSON kind a QOM type takes: bool, the integer types, everything else a string. */
export type ValueKind = 'boolean' | 'integer' | 'string';

const JS_TYPE: Record<ValueKind, string> = { boolean: 'boolean', integer: 'number', string: 'string' };

export function valueKind(qomType: string): ValueKind {
  if (qomType === 'bool') return 'boolean';
  return /^u?int(8|16|32|64)?$/.test(qomType) ? 'integer' : 'string';
}

/** QEMU keeps 48 bytes of model-id and exactly 12 characters of vendor. */
export const MODEL_ID_BYTES = 48;
export const VENDOR_LENGTH = 12;

export function checkModelId(ctx: Ctx, id: Located<string>, owner: string): void {
  const bytes = new TextEncoder().encode(id.value).length;
  if (bytes > MODEL_ID_BYTES) {
    ctx.diags.push(error('check/model-id-too-long', `the model-id of \`${owner}\` is ${bytes} bytes long`, id.span,
      `QEMU keeps at most ${MODEL_ID_BYTES} bytes: shorten it`));
  }
}

export function checkVendor(ctx: Ctx, vendor: Located<string>, owner: string): void {
  if ([...vendor.value].length !== VENDOR_LENGTH) {
    ctx.diags.push(error('check/bad-vendor', `the vendor \`${vendor.value}\` of \`${owner}\` is not ${VENDOR_LENGTH} characters long`,
      vendor.span, 'QEMU vendors are 12 characters: `GenuineIntel`, `AuthenticAMD`, …'));
  }
}

/** Property settings (version props, accelerator defaults, special-model init) against the property table. */
export class PropsChecker {
  private readonly props = new Map<string, CpuPropertyDecl>();
  private readonly aliases = new Map<string, string>();

  constructor(private readonly ctx: Ctx, ast: X86Ast, private readonly names: Names) {
    for (const p of ast.properties) if (!this.props.has(p.name.value)) this.props.set(p.name.value, p);
    for (const a of ast.aliases) this.aliases.set(a.alias.value, a.target.value);
  }

  /** The kind of value a property name takes, or undefined when it is not settable or unknown. */
  private kindOf(name: string): ValueKind | 'read-only' | undefined {
    const target = this.aliases.get(name) ?? name;
    if (this.names.features.has(target)) return 'boolean';
    const p = this.props.get(target);
    if (!p) return undefined;
    return p.writable ? valueKind(p.type.value) : 'read-only';
  }

  check(props: readonly PropDecl[], mask: Mask, owner: string): void {
    for (const { key, value } of props) {
      if (!this.ctx.resolve(key, mask, this.names.qom)) continue;
      const kind = this.kindOf(key.value);
      if (kind === 'read-only') {
        this.ctx.diags.push(error('check/bad-prop-value', `\`${key.value}\` is read-only and cannot be set`, key.span));
      } else if (kind && typeof value.value !== JS_TYPE[kind]) {
        this.ctx.diags.push(error('check/bad-prop-value', `\`${key.value}\` takes ${article(kind)}, not \`${JSON.stringify(value.value)}\``,
          value.span, kind === 'boolean' ? 'features take `true` or `false`' : undefined));
      } else if (key.value === 'model-id' && typeof value.value === 'string') {
        checkModelId(this.ctx, value as Located<string>, owner);
      } else if (key.value === 'vendor' && typeof value.value === 'string') {
        checkVendor(this.ctx, value as Located<string>, owner);
      }
    }
  }
}

function article(kind: ValueKind): string {
  return kind === 'integer' ? 'an integer' : `a ${kind}`;
}

/** A property's default has the kind of its type (integers above 2^53 as decimal strings). */
export function checkDefaults(ctx: Ctx, ast: X86Ast): void {
  for (const p of ast.properties) {
    if (!p.default) continue;
    const kind = valueKind(p.type.value);
    const v = p.default.value;
    const ok = kind === 'integer' ? typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v)) : typeof v === kind;
    if (!ok) {
      ctx.diags.push(error('check/bad-default', `the default of \`${p.name.value}\` must be ${article(kind)} (type \`${p.type.value}\`)`,
        p.default.span));
    }
  }
}
