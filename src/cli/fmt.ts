import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, chmodSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatYaml } from '../fmt/format.js';
import { layoutOfFile, renderDiagnostics, type Diagnostic } from '../index.js';
import type { Ctx } from './context.js';
import { CliError, usageError } from './errors.js';

export const help = `usage: cpumodel fmt [--check | --write] [FILES...]

Write rule files (and environment descriptions) in the one canonical layout:
per entry kind a fixed key order; features, dependencies and definitions one
{flow} entry per line, longer entries in block style; lists of names as
[a, b]; versions and descriptions double-quoted; cpu_type, hmfai and IBC
values in hex; two-space indentation; comments and blank lines kept.

  (no flag)   print the formatted FILE (exactly one)
  --check     list the files that are not formatted; exit 1 if any
  --write     rewrite them in place, atomically (a temporary file in the
              same directory, then a rename); a file with YAML errors is
              never written

FILES default to the built-in rules/ and models/ of every architecture;
the layout is that of the file's architecture (its folder, or an \`arch:\`
line in a rule file beside or above it);
a directory means its .yaml files, recursively.`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every .yaml file of the given files and directories (directories recursively). */
function yamlFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!statSync(p).isDirectory()) return [p];
    return readdirSync(p).sort().flatMap((f) => {
      const full = join(p, f);
      return statSync(full).isDirectory() ? yamlFiles([full]) : /\.ya?ml$/.test(f) ? [full] : [];
    });
  });
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** The file system calls of an atomic write; tests inject failing ones. */
export interface WriteFs {
  openSync: typeof openSync;
  writeSync: (fd: number, data: Buffer, offset: number) => number;
  fsyncSync: typeof fsyncSync;
  closeSync: typeof closeSync;
  renameSync: typeof renameSync;
  unlinkSync: typeof unlinkSync;
  chmodSync: typeof chmodSync;
}

const REAL_FS: WriteFs = { openSync, writeSync, fsyncSync, closeSync, renameSync, unlinkSync, chmodSync };

/**
 * Replace `file` with `text` so that a reader sees the old or the new file,
 * never a part: write a temporary file beside it, flush it, rename it over.
 * On any failure the temporary file is removed and the original is untouched.
 */
export function writeAtomic(file: string, text: string, fs: WriteFs = REAL_FS): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const mode = statSync(file).mode & 0o777;
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', mode);
    const data = Buffer.from(text, 'utf8');
    for (let done = 0; done < data.length;) done += fs.writeSync(fd, data, done);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.chmodSync(temp, mode);
    fs.renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already failing */ }
    try { fs.unlinkSync(temp); } catch { /* never created */ }
    throw e;
  }
}

type Mode = 'print' | 'check' | 'write';

function mode(ctx: Ctx): Mode {
  const { check, write } = ctx.options;
  if (check && write) throw usageError('`--check` and `--write` exclude each other');
  return check ? 'check' : write ? 'write' : 'print';
}

function files(ctx: Ctx, m: Mode): string[] {
  if (m === 'print' && ctx.args.length !== 1) throw usageError('give exactly one FILE to print, or use `--check` / `--write`');
  try {
    return yamlFiles(ctx.args.length > 0 ? ctx.args : ['rules', 'models'].map((d) => join(ROOT, d)));
  } catch (e) {
    throw usageError(`cannot read files: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Format one file per the mode; returns whether it was (or would be) changed, or its diagnostics. */
function formatFile(ctx: Ctx, file: string, m: Mode): boolean | Diagnostic[] {
  const text = readFileSync(file, 'utf8');
  const result = formatYaml(text, layoutOfFile(file), display(file));
  if ('diagnostics' in result) return result.diagnostics;
  if (m === 'print') ctx.io.out(result.text);
  const changed = result.text !== text;
  if (changed && m === 'write') writeAtomic(file, result.text);
  if (changed && m !== 'print') ctx.io.out(`${m === 'write' ? 'formatted ' : ''}${display(file)}\n`);
  return changed;
}

export function run(ctx: Ctx): number {
  const m = mode(ctx);
  const problems: Diagnostic[] = [];
  const sources = new Map<string, string>();
  let changed = 0;
  for (const file of files(ctx, m)) {
    const r = formatFile(ctx, file, m);
    if (Array.isArray(r)) {
      problems.push(...r);
      sources.set(display(file), readFileSync(file, 'utf8'));
    } else if (r) changed++;
  }
  if (problems.length > 0) {
    ctx.io.err(`${renderDiagnostics(problems, sources)}\n`);
    throw new CliError('', 1);
  }
  return m === 'check' && changed > 0 ? 1 : 0;
}
