/** Aligned text tables; widths ignore colour, the last column may wrap. */
export type Cell = string | { text: string; paint: (text: string) => string };

export interface TableOptions {
  /** Prefix of every line. */
  indent?: string;
  /** Right-align these columns. */
  right?: readonly number[];
  /** Wrap the last column so lines fit this width. */
  width?: number;
}

const textOf = (c: Cell) => (typeof c === 'string' ? c : c.text);
const paintOf = (c: Cell) => (typeof c === 'string' ? (t: string) => t : c.paint);

/** Greedy word wrap at spaces; a word longer than the width gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

export function table(rows: readonly (readonly Cell[])[], o: TableOptions = {}): string[] {
  const indent = o.indent ?? '';
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) => Math.max(0, ...rows.map((r) => (i < r.length - 1 ? textOf(r[i]!).length : 0))));
  return rows.flatMap((row) => {
    const cells = row.map((cell, i) => {
      const pad = ' '.repeat(i < row.length - 1 ? widths[i]! - textOf(cell).length : 0);
      return o.right?.includes(i) ? pad + paintOf(cell)(textOf(cell)) : paintOf(cell)(textOf(cell)) + pad;
    });
    const lead = indent + cells.slice(0, -1).map((c) => `${c}  `).join('');
    return wrapLast(row.at(-1), lead, indent.length + widths.slice(0, row.length - 1).reduce((s, w) => s + w + 2, 0), o.width);
  }).map((line) => line.trimEnd());
}

/** The row's lead plus its last cell, wrapped under itself when too wide. */
function wrapLast(last: Cell | undefined, lead: string, column: number, width: number | undefined): string[] {
  if (last === undefined) return [lead];
  const text = textOf(last);
  const parts = width === undefined || text.length + column <= width ? [text] : wrap(text, Math.max(20, width - column));
  const paint = paintOf(last);
  return parts.map((p, k) => (k === 0 ? lead : ' '.repeat(column)) + paint(p));
}
