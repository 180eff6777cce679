import { citeText } from './cite.js';
import { jsonText } from './space.js';
import type { DiffReport, RuleCite } from './types.js';
import { sectionView, type Line, type SectionView } from './view.js';

export type DiffFormat = 'text' | 'markdown' | 'json';

/** At most `max` cites, then how many more and where. */
function citeList(cites: readonly RuleCite[], max = 3): string[] {
  const shown = cites.slice(0, max).map(citeText);
  const rest = cites.slice(max);
  if (rest.length === 0) return shown;
  const files = [...new Set(rest.map((c) => c.at.replace(/:\d+:\d+$/, '')))].join(', ');
  const notes = [...new Set(rest.map((c) => c.note).filter(Boolean))];
  return [...shown, `… ${rest.length} more in ${files}${notes.length === 1 ? ` (${notes[0]})` : ''}`];
}

const unchanged = (v: SectionView) => v.sets.length + v.rules.length + v.answers.length + v.definitions.length === 0;

const effect = (l: Line) => (l.answers > 0 ? `${l.answers} answer${l.answers === 1 ? '' : 's'}` : 'no answer');

function textLines(lines: readonly Line[], indent: string, withEffect = true): string[] {
  return lines.flatMap((l) => [`${indent}${l.text}${withEffect ? ` (changes ${effect(l)})` : ''}`, ...citeList(l.cites).map((c) => `${indent}  ${c}`)]);
}

function textSection(v: SectionView): string[] {
  if (unchanged(v)) return [`${v.title}: no changes`];
  const block = (title: string, body: string[]) => (body.length ? ['', title, ...body] : []);
  return [
    v.title, `summary: ${v.summary}`,
    ...block('definitions', v.definitions.map((d) => `  ${d}`)),
    ...block('definition sets (definitions in both profiles)', textLines(v.sets, '  ')),
    ...block('rules', textLines(v.rules, '  ')),
    ...block(`answers: ${v.answerSummary}`, v.answers.flatMap((g) => [
      `  ${g.count} answer${g.count === 1 ? '' : 's'}: ${g.requests.join('; ')}`,
      ...textLines(g.causes.map((c) => ({ ...c, text: `because ${c.text}` })), '    ', false),
      `    e.g. ${g.example}`,
    ])),
  ];
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const code = (c: RuleCite) => `\`${c.id}\` at \`${c.at}\`${c.note ? ` (${cell(c.note)})` : ''}`;

function mdCites(cites: readonly RuleCite[], max = 3): string {
  const rest = cites.length - max;
  return [...cites.slice(0, max).map(code), ...(rest > 0 ? [citeList(cites, max).at(-1)!] : [])].join('<br>');
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function mdSection(v: SectionView, level: string): string[] {
  if (unchanged(v)) return [`${level} ${v.title}`, '', 'No changes.'];
  const lines = (ls: readonly Line[]) => mdTable(['change', 'answers changed', 'rules'], ls.map((l) => [cell(l.text), String(l.answers), mdCites(l.cites)]));
  const block = (title: string, body: string[]) => (body.length ? ['', `${level}# ${title}`, '', ...body] : []);
  return [
    `${level} ${v.title}`, '', `**Summary:** ${v.summary}.`,
    ...block('Definitions', v.definitions.map((d) => `- ${d}`)),
    ...block('Definition sets (definitions in both profiles)', v.sets.length ? lines(v.sets) : []),
    ...block('Rules', v.rules.length ? lines(v.rules) : []),
    ...block('Answers', [`${v.answerSummary}.`, '', ...mdTable(['answers', 'requests', 'because', 'example'], v.answers.map((g) =>
      [String(g.count), cell(g.requests.join('; ')), g.causes.map((c) => `${cell(c.text)}<br>${mdCites(c.cites, 2)}`).join('<br><br>'), cell(g.example)]))]),
  ];
}

/** The report in a format; JSON is the report data itself. */
export function renderDiff(report: DiffReport, format: DiffFormat): string {
  if (format === 'json') return jsonText(report, 1);
  const views = report.sections.map(sectionView);
  if (format === 'text') return views.map((v) => textSection(v).join('\n')).join('\n\n');
  const level = views.length > 1 ? '##' : '#';
  const head = views.length > 1 ? ['# cpumodel diff', ''] : [];
  return [...head, ...views.flatMap((v, i) => [...(i ? [''] : []), ...mdSection(v, level)])].join('\n');
}
