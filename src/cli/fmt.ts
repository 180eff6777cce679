import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatYaml } from '../fmt/format.js';
import { unifiedDiff } from '../fmt/unified.js';
import {
  displayName as display, FileError, TARGETS, isFileProblem, layoutOfFile, listYamlFiles, readTextFile, writeFileAtomic, type Diagnostic,
} from '../index.js';
import { findPolicyFolder, formattableFiles, isBuiltinFolder } from '../load/folder.js';
import type { Ctx } from './context.js';
import { DiagnosticsError, usageError } from './errors.js';

export const help = `usage: cpumodel fmt [--check | --write] [FILES...]

Write rule files (and environment descriptions) in the one canonical layout:
per entry kind a fixed key order; features, dependencies and definitions one
{flow} entry per line, longer entries in block style; lists of names as
[a, b]; versions and descriptions double-quoted; cpu_type, hmfai and IBC
values in hex; two-space indentation; comments and blank lines kept.

  (no flag)   print the formatted FILE (exactly one)
  --check     show what would change in the files that are not formatted, as a
              unified diff (\`--- FILE\` / \`+++ FILE (formatted)\`); exit 1 if any
  --write     rewrite them in place, atomically (a temporary file in the
              same directory, then a rename; mode and symbolic links kept);
              a file with YAML errors, or one changed while formatting, is
              never written

FILES default to the policy folder of the working directory (its rules/,
models/ and environments/ folders, else its .yaml files but cpumodel.yaml and
suites/), else the built-in rules/ and models/ of every architecture;
the layout is that of the file's architecture (its folder, or an \`arch:\`
line in a rule file beside or above it);
a directory means its .yaml files, recursively.

Exit status: 0 done (--check: all formatted), 1 files to format (--check) or
YAML errors, 2 usage errors and files that cannot be read or written.`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Mode = 'print' | 'check' | 'write';

function mode(ctx: Ctx): Mode {
  const { check, write } = ctx.options;
  if (check && write) throw usageError('`--check` and `--write` exclude each other');
  return check ? 'check' : write ? 'write' : 'print';
}

/** The files to format, and the given paths that do not exist or cannot be listed. */
function files(ctx: Ctx, m: Mode): { files: string[]; problems: Diagnostic[] } {
  if (m === 'print' && ctx.args.length !== 1) throw usageError('give exactly one FILE to print, or use `--check` / `--write`');
  if (ctx.args.length === 0) {
    const folder = findPolicyFolder(process.cwd());
    if (folder && !(TARGETS.some((t) => isBuiltinFolder(folder, t.info.name)))) {
      ctx.io.err(`rules: policy folder ${display(folder.root) || '.'}\n`);
      return { files: formattableFiles(folder), problems: [] };
    }
    ctx.io.err('rules: the built-in rules of every architecture\n');
  }
  const listing = listYamlFiles(ctx.args.length > 0 ? ctx.args : ['rules', 'models'].map((d) => join(ROOT, d)), { recursive: true, display });
  return { files: listing.files, problems: listing.diagnostics };
}

/**
 * Format one file per the mode; returns whether it was (or would be) changed,
 * or its diagnostics (with its text, for quoting). A file not in canonical
 * form byte for byte (CRLF or CR line ends, a BOM) counts as changed.
 */
function formatFile(ctx: Ctx, file: string, m: Mode): boolean | { diagnostics: Diagnostic[]; text?: string } {
  const read = readTextFile(file, display(file));
  if ('diagnostic' in read) return { diagnostics: [read.diagnostic] };
  const { text, stamp, path, bom, eol } = read.file;
  const result = formatYaml(text, layoutOfFile(file), display(file));
  if ('diagnostics' in result) return { diagnostics: result.diagnostics, text };
  if (m === 'print') ctx.io.out(result.text);
  const changed = result.text !== text || bom || eol !== '\n';
  if (changed && m === 'write') {
    try {
      writeFileAtomic(path, result.text, { expect: stamp, name: display(file) });
    } catch (e) {
      if (e instanceof FileError) return { diagnostics: [e.diagnostic] };
      throw e;
    }
  }
  if (changed && m === 'write') ctx.io.out(`formatted ${display(file)}\n`);
  if (changed && m === 'check') ctx.io.out(checkReport(display(file), text, result.text, bom, eol));
  return changed;
}

/** What `--check` shows of a file to format: a unified diff, or what changes besides the text. */
function checkReport(name: string, text: string, formatted: string, bom: boolean, eol: string): string {
  const diff = unifiedDiff(text, formatted, name, `${name} (formatted)`);
  const bytes = [bom ? 'the byte-order mark is dropped' : '', eol !== '\n' ? 'line ends become LF' : ''].filter(Boolean);
  const lines = diff.length > 0 ? diff : [`--- ${name}`, `+++ ${name} (formatted)`];
  return [...lines, ...bytes.map((b) => `  (${b})`)].map((l) => `${l}\n`).join('');
}

export function run(ctx: Ctx): number {
  const m = mode(ctx);
  const listed = files(ctx, m);
  const problems: Diagnostic[] = [...listed.problems];
  const sources = new Map<string, string>();
  let changed = 0;
  for (const file of listed.files) {
    const r = formatFile(ctx, file, m);
    if (typeof r !== 'boolean') {
      problems.push(...r.diagnostics);
      if (r.text !== undefined) sources.set(display(file), r.text);
    } else if (r) changed++;
  }
  if (problems.length > 0) throw new DiagnosticsError(problems, problems.some(isFileProblem) ? 2 : 1, sources);
  return m === 'check' && changed > 0 ? 1 : 0;
}
