import { readFileSync } from 'node:fs';
import type { Palette } from './color.js';
import { usageError } from './errors.js';

/** Where a run writes; tests inject their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Is stdout a terminal (decides colour). */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Terminal width, when known. */
  columns?: number;
  /** All of standard input (a MODEL given as `-`); absent where there is none. */
  stdin?(): string;
}

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** What a subcommand gets: its arguments, its options and the global ones. */
export interface Ctx {
  io: Io;
  args: readonly string[];
  /** The arguments that are models (`-cpu` syntax), for choosing the architecture. */
  models?: readonly string[];
  options: OptionValues;
  json: boolean;
  color: Palette;
  profile?: string;
  rules?: readonly string[];
  /** Wrap long lists to this width. */
  width: number;
}

/** A subcommand module: `help` starts with its usage line. */
export interface CommandModule {
  help: string;
  run(ctx: Ctx): number | Promise<number>;
}

export function processIo(): Io {
  const tty = process.stdout.isTTY === true;
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: tty,
    env: process.env,
    columns: tty ? process.stdout.columns : undefined,
    stdin: () => readStdin(),
  };
}

export function print(ctx: Ctx, lines: readonly string[]): number {
  ctx.io.out(lines.map((l) => `${l}\n`).join(''));
  return 0;
}

/** The positional arguments, checked against [min, max]; `names` are for messages. */
export function positionals(ctx: Ctx, min: number, max: number, names: string): readonly string[] {
  if (ctx.args.length < min) throw usageError(`missing argument: expected ${names}`);
  if (ctx.args.length > max) throw usageError(`unexpected argument \`${ctx.args[max]}\``);
  return ctx.args;
}

/** Standard input, at most MAX_STDIN bytes. */
const MAX_STDIN = 16 * 1024 * 1024;
function readStdin(): string {
  const bytes = readFileSync(0);
  if (bytes.length > MAX_STDIN) throw usageError(`standard input is larger than ${MAX_STDIN} bytes`, 'give a smaller document');
  return bytes.toString('utf8');
}
