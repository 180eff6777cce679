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
export function coverageLines(c: Coverage, width = 100): string[] {
  return [
    `rule coverage: ${c.exercised} of ${c.total} rule ids exercised (${percent(c.exercised, c.total)})`,
    ...c.categories.flatMap((x) => [
      `  ${x.category}: ${x.exercised.length} of ${x.exercised.length + x.never.length} exercised`,
      ...ruleLines(c.rules.filter((r) => r.category === x.category), width),
    ]),
  ];
}

/** By file:line; numeric line order within a file. */
function byPlace(a: { at?: string }, b: { at?: string }): number {
  const [fa = '', la = '0'] = (a.at ?? '').split(':');
  const [fb = '', lb = '0'] = (b.at ?? '').split(':');
  return fa.localeCompare(fb) || Number(la) - Number(lb);
}

/**
 * One line per rule: how many cases exercise it (`never` when none), its id
 * and its place; a line that would pass `width` puts the place on a line of
 * its own, and an id longer than the width is cut with `…`.
 */
function ruleLines(rules: Coverage['rules'], width: number): string[] {
  return [...rules].sort(byPlace).flatMap((r) => {
    const count = r.cases === 0 ? 'never' : `${r.cases} case${r.cases === 1 ? '' : 's'}`;
    const head = clip(`    ${count.padStart(9)}  ${r.id}`, width);
    if (!r.at) return [head];
    const line = `${head}  ${r.at}`;
    return line.length <= width ? [line] : [head, clip(`               ${r.at}`, width)];
  });
}

const clip = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

/** The line CI reads. */
export function summaryLine(results: readonly CaseResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  return `${results.length - failed} passed, ${failed} failed`;
}
