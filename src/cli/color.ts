/** ANSI colour, on only for a terminal without NO_COLOR or --no-color. */
export interface Palette {
  readonly enabled: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const sgr = (on: boolean, code: number, off: number) =>
  (text: string) => (on && text !== '' ? `\x1b[${code}m${text}\x1b[${off}m` : text);

export function palette(enabled: boolean): Palette {
  return {
    enabled,
    green: sgr(enabled, 32, 39),
    red: sgr(enabled, 31, 39),
    yellow: sgr(enabled, 33, 39),
    bold: sgr(enabled, 1, 22),
    dim: sgr(enabled, 2, 22),
  };
}

export function wantColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>, noColor: boolean): boolean {
  return isTTY && !env.NO_COLOR && !noColor;
}
