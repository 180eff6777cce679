/** Timing helpers and the results table of the benchmark. */

export const now = (): number => performance.now();

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function summary(samples: readonly number[]): { min: number; median: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { min: s[0]!, median: quantile(s, 0.5), p99: quantile(s, 0.99), max: s.at(-1)! };
}

/** Best of `rounds` timings (ms) of `fn`, after one warm-up call. */
export function best(fn: () => void, rounds = 5): number {
  fn();
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = now();
    fn();
    min = Math.min(min, now() - t);
  }
  return min;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = now();
  const value = await fn();
  return { ms: now() - t, value };
}

/** A duration for humans: µs below 1 ms, ms below 10 s. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value < 1) return `${(value * 1000).toFixed(value < 0.01 ? 2 : 1)} µs`;
  if (value < 10_000) return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
  return `${(value / 1000).toFixed(1)} s`;
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value >= 100 ? value.toFixed(0) : value.toFixed(2)}×` : '-';
}

/** One row of the results table. */
export interface Row {
  section: string;
  what: string;
  cpumodel: string;
  reference: string;
  ratio: string;
  target: string;
  /** true / false when the row has a target; undefined otherwise. */
  met?: boolean;
  /** The figure before issue 15 (bench/before.ts), where there is one. */
  before?: string;
}

const COLUMNS: [keyof Row, string][] = [['section', '#'], ['what', 'measurement'], ['cpumodel', 'cpumodel'], ['before', 'before'], ['reference', 'reference'],
  ['ratio', 'ratio'], ['target', 'target'], ['met', 'met']];

function cell(row: Row, key: keyof Row): string {
  if (key !== 'met') return String(row[key] ?? '');
  return row.met === undefined ? '' : row.met ? 'yes' : 'NO';
}

export function textTable(rows: readonly Row[]): string {
  const widths = COLUMNS.map(([k, h]) => Math.max(h.length, ...rows.map((r) => cell(r, k).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(COLUMNS.map(([, h]) => h)), ...rows.map((r) => line(COLUMNS.map(([k]) => cell(r, k))))].join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(COLUMNS.map(([, h]) => h)), line(COLUMNS.map(() => '---')), ...rows.map((r) => line(COLUMNS.map(([k]) => cell(r, k))))].join('\n');
}
