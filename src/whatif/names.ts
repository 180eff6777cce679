import type { Name } from '../parse/located.js';
import type { EditOp } from '../target/policy.js';

/** Add or remove one name in a list of names (adding a name already there changes nothing); a problem as text. */
export function editNames(list: Name[], op: EditOp, where: string): string | undefined {
  const name = String(op.value);
  const i = list.findIndex((n) => n.value === name);
  if (op.op === 'set') return `\`${where}\` is a list: use += or -=`;
  if (op.op === 'add' && i < 0) list.push({ value: name, span: op.span });
  if (op.op === 'remove') {
    if (i < 0) return `\`${name}\` is not in \`${where}\``;
    list.splice(i, 1);
  }
  return undefined;
}
