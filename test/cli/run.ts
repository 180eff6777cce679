import { join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { expectGolden } from '../golden-file.js';

/** One in-process CLI run with captured output. */
export interface Run {
  code: number;
  out: string;
  err: string;
}

export interface RunOptions {
  isTTY?: boolean;
  env?: Record<string, string>;
  columns?: number;
}

/** `argv` as one string is split at spaces. */
export async function cli(argv: string | readonly string[], o: RunOptions = {}): Promise<Run> {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => void (out += t),
    err: (t: string) => void (err += t),
    isTTY: o.isTTY ?? false,
    env: o.env ?? {},
    columns: o.columns,
  };
  const args = typeof argv === 'string' ? argv.split(' ').filter((a) => a !== '') : argv;
  const code = await main(args, io);
  return { code, out, err };
}

/** Parse the stdout of a `--json` run. */
export const json = (r: Run): unknown => JSON.parse(r.out);

/**
 * Runs `argv`, checks the exit status, and compares stdout, then stderr after
 * a `--- stderr` marker, with `dir/file.txt`. Returns that text.
 */
export async function cliGolden(dir: string, file: string, argv: string, code: number): Promise<string> {
  const r = await cli(argv);
  expect(r.code, r.err).toBe(code);
  const actual = r.out + (r.err ? `--- stderr\n${r.err}` : '');
  expectGolden(join(dir, `${file}.txt`), actual);
  return actual;
}
