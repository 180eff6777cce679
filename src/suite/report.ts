import type { Coverage } from './coverage.js';
import type { CaseResult } from './suite.js';

const at = (r: CaseResult) => `${r.case.where.file}:${r.case.where.line}:${r.case.where.col}`;

/** Per file: how many passed; each failure with its place and reasons. */
export function resultLines(results: readonly CaseResult[]): string[] {
  const files = [...new Set(results.map((r) => r.case.where.file))];
  return files.flatMap((file) => {
    const mine = results.filter((r) => r.case.where.file === file);
    const failed = mine.filter((r) => !r.passed);
    return [
      `${file}: ${mine.length - failed.length} passed${failed.length ? `, ${failed.length} failed` : ''}`,
      ...failed.flatMap((r) => [`  ✗ ${r.label}  (${at(r)})`, ...r.failures.map((f) => `      ${f}`)]),
    ];
  });
}

const percent = (n: number, total: number) => `${total === 0 ? 100 : Math.round((100 * n) / total)}%`;

/** Per IR part: exercised / total, then the exercised ids and the ids never touched. */
export function coverageLines(c: Coverage): string[] {
  const width = Math.max(...c.categories.map((x) => x.category.length));
  return [
    `rule coverage: ${c.exercised} of ${c.total} rule ids exercised (${percent(c.exercised, c.total)})`,
    ...c.categories.flatMap((x) => [
      `  ${x.category.padEnd(width)}  ${x.exercised.length}/${x.exercised.length + x.never.length}`,
      ...(x.exercised.length ? [`    exercised: ${x.exercised.join(', ')}`] : []),
      ...(x.never.length ? [`    never: ${x.never.join(', ')}`] : []),
    ]),
  ];
}

/** The line CI reads. */
export function summaryLine(results: readonly CaseResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  return `${results.length - failed} passed, ${failed} failed`;
}
