/**
 * The x86_64 policy checks of `cpumodel check`, over every compiled profile
 * (the query commands do not run them):
 *
 *   check/dependency-order      warning  a row's condition can be cleared by a later row while
 *                                        this row's targets are still on (the later row's own
 *                                        condition is not among them, nor does it clear them):
 *                                        one pass in table order is then not the fixed point
 *   check/tcg-unreachable       warning  features TCG supports that a dependency row clears
 *                                        unless a feature TCG lacks is on (QEMU 10.0's
 *                                        ARCH_CAPABILITIES bits: usable only with an unsupported
 *                                        prerequisite)
 */
import type { Diagnostic } from '../../../diag/diagnostic.js';
import { mergeFindings, type Finding } from '../../../diag/findings.js';
import type { X86Ast } from '../ast.js';
import { compileX86 } from '../compile/index.js';
import type { DependencyIR, X86Rules } from '../compile/ir.js';

const quote = (n: string) => `\`${n}\``;
const list = (names: readonly string[], max = 6) =>
  names.length > max ? `${names.slice(0, max).map(quote).join(', ')} and ${names.length - max} more` : names.map(quote).join(', ');

/** Does `row` clear every bit `other` clears? */
const covers = (row: DependencyIR, other: DependencyIR) => other.clearBits.every((b) => row.clearBits.includes(b));

/** Can `later` fire while `row`'s targets are on? Not when its own condition is among those targets. */
const firesWhileOn = (r: X86Rules, later: DependencyIR, row: DependencyIR) =>
  !later.ifNoneFeatures.every((f) => r.features[f]!.bits.every((b) => row.clearBits.includes(b)));

function dependencyOrder(r: X86Rules): Finding[] {
  return r.dependencies.flatMap((row, i) => {
    const clearsCondition = (l: DependencyIR) => row.ifNoneFeatures.some((f) => r.features[f]!.bits.some((b) => l.clearBits.includes(b)));
    const later = r.dependencies.slice(i + 1).find((l) => clearsCondition(l) && !covers(l, row) && firesWhileOn(r, l, row));
    if (!later) return [];
    return [{
      code: 'check/dependency-order', severity: 'warning' as const, key: row.id, span: row.rule.span,
      message: `dependency \`${row.id}\` tests features that the later dependency \`${later.id}\` clears: one pass in table order does not reach the fixed point`,
      help: `move \`${later.id}\` before \`${row.id}\`, or let it clear what \`${row.id}\` clears`,
    }];
  });
}

function tcgUnreachable(r: X86Rules): Finding[] {
  const supported = (b: number) => r.accel.supported.has(b);
  return r.dependencies.flatMap((row) => {
    if (row.ifNoneFeatures.some((f) => r.features[f]!.bits.every(supported))) return [];
    const victims = r.features.filter((f) => f.bits.every(supported) && f.bits.some((b) => row.clearBits.includes(b))).map((f) => f.name);
    if (victims.length === 0) return [];
    const needs = row.ifNoneFeatures.map((f) => r.features[f]!.name);
    return [{
      code: 'check/tcg-unreachable', severity: 'warning' as const, key: row.id, span: row.rule.span,
      message: `dependency \`${row.id}\` clears ${victims.length} feature${victims.length === 1 ? '' : 's'} TCG supports (${list(victims)}) unless ${list(needs)} is on, which TCG does not support`,
      help: 'under TCG these features are usable only with an unsupported prerequisite; add the prerequisite to TCG\'s support, or drop the features from it',
    }];
  });
}

const CHECKS = [dependencyOrder, tcgUnreachable];

/** Every profile compiled, then the checks; compile errors are returned instead. */
export async function lintX86(ast: X86Ast): Promise<Diagnostic[]> {
  const findings = new Map<string, Finding[]>();
  const problems: Diagnostic[] = [];
  for (const p of ast.profiles) {
    const compiled = compileX86(ast, p.name.value);
    problems.push(...compiled.diagnostics);
    if (compiled.rules) findings.set(p.name.value, CHECKS.flatMap((check) => check(compiled.rules!)));
  }
  return problems.some((d) => d.severity === 'error') ? problems : [...problems, ...mergeFindings(findings)];
}
