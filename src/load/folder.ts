import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { didYouMean } from '../util/fuzzy.js';
import { readTextFile } from './files.js';
import { listYamlFiles } from './list.js';
import { builtinRuleDirs, displayName } from './load.js';

/** The file that makes a folder a policy folder. */
export const MARKER = 'cpumodel.yaml';

/** Folders of a policy folder that hold no rule files. */
const NOT_RULES = ['environments', 'suites', 'node_modules', '.git'];

/**
 * A policy folder: one with a `cpumodel.yaml` marker, or a checkout of this
 * project (`rules/` and `models/` folders). The marker says `base: builtin`
 * for an overlay on the built-in rules (default `base: none`: a full rule
 * set) and optionally `arch: NAME`.
 */
export interface PolicyFolder {
  root: string;
  overlay: boolean;
  arch?: string;
  /** Problems of the marker file (unknown keys, bad values), and its name and text for quoting them. */
  diagnostics: Diagnostic[];
  marker?: { name: string; text: string };
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** The policy folder `start` lies in: the nearest folder upwards with a marker, or a checkout layout. */
export function findPolicyFolder(start: string): PolicyFolder | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, MARKER))) return readMarker(dir);
    if (isDir(join(dir, 'rules')) && isDir(join(dir, 'models'))) return { root: dir, overlay: false, diagnostics: [] };
    if (dirname(dir) === dir) return undefined;
  }
}

const KEYS: Readonly<Record<string, readonly string[] | undefined>> = { arch: undefined, base: ['builtin', 'none'] };

/** Parse the marker: `key: value` lines (comments allowed), keys `arch` and `base`. */
function readMarker(root: string): PolicyFolder {
  const file = join(root, MARKER);
  const shown = displayName(file);
  const read = readTextFile(file, shown);
  if ('diagnostic' in read) return { root, overlay: false, diagnostics: [read.diagnostic] };
  const values = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let offset = 0;
  read.file.text.split('\n').forEach((line, i) => {
    const m = /^([A-Za-z_-]+):[ \t]*["']?([^"'#\s]*)["']?[ \t]*(?:#.*)?$/.exec(line);
    const lineStart = offset;
    const span = (col: number, len: number): Span => ({ file: shown, line: i + 1, col, start: lineStart + col - 1, end: lineStart + col - 1 + len });
    offset += line.length + 1;
    if (!m) return;
    const [, key, value] = m as unknown as [string, string, string];
    if (!Object.hasOwn(KEYS, key)) {
      diagnostics.push(error('load/marker-unknown-key', `unknown key \`${key}\` in ${MARKER}`, span(1, key.length), didYouMean(key, Object.keys(KEYS)) ?? 'the keys are `arch` and `base`'));
      return;
    }
    const allowed = KEYS[key];
    if (allowed && !allowed.includes(value)) {
      const col = line.indexOf(value, key.length + 1) + 1;
      diagnostics.push(error('load/marker-invalid-value', `invalid ${key} \`${value}\``, span(col, value.length), didYouMean(value, allowed) ?? `use ${allowed.map((v) => `\`${v}\``).join(' or ')}`));
      return;
    }
    values.set(key, value);
  });
  return { root, overlay: values.get('base') === 'builtin', arch: values.get('arch'), diagnostics, marker: { name: shown, text: read.file.text } };
}

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/** Is this folder's rule set the built-in one (the project's own checkout)? */
export function isBuiltinFolder(folder: PolicyFolder, arch: string): boolean {
  const builtin = builtinRuleDirs(arch).map(real);
  const own = ownDirs(folder, arch);
  return own !== undefined && own.length === builtin.length && own.every((d, i) => real(d) === builtin[i]);
}

/** A checkout's rule folders for the architecture: rules/ARCH and models/ARCH, else rules/ and models/. */
function ownDirs(folder: PolicyFolder, arch: string): string[] | undefined {
  const perArch = ['rules', 'models'].map((d) => join(folder.root, d, arch)).filter(isDir);
  if (perArch.length > 0) return perArch;
  const plain = ['rules', 'models'].map((d) => join(folder.root, d)).filter(isDir);
  return plain.length > 0 ? plain : undefined;
}

/** The folder's own rule files: those of its rules/ and models/ (per architecture), else every .yaml but the marker. */
export function folderFiles(folder: PolicyFolder, arch: string): string[] {
  const dirs = ownDirs(folder, arch) ?? [folder.root];
  const files = listYamlFiles(dirs, { recursive: true, skip: NOT_RULES }).files;
  return files.filter((f) => resolve(f) !== join(folder.root, MARKER));
}

/**
 * The rule files of the folder's rule set. An overlay is the built-in rule
 * files of the architecture, where a built-in file with the same name as one
 * of the folder's files is replaced by it; the folder's other files are
 * added (sections may be spread over files, so they extend the built-in ones).
 */
export function ruleFiles(folder: PolicyFolder, arch: string): string[] {
  const own = folderFiles(folder, arch);
  if (!folder.overlay) return own;
  const names = new Set(own.map((f) => basename(f)));
  const builtin = listYamlFiles(builtinRuleDirs(arch), { recursive: true, skip: ['environments'] }).files;
  return [...builtin.filter((f) => !names.has(basename(f))), ...own];
}

/** The folder's suites: its suites/ARCH or suites/ folder, if any. */
export function folderSuites(folder: PolicyFolder, arch: string): string | undefined {
  return [join(folder.root, 'suites', arch), join(folder.root, 'suites')].find(isDir);
}

/** The files `fmt` formats in a policy folder: its rule files and environment descriptions (not the marker, not suites). */
export function formattableFiles(folder: PolicyFolder): string[] {
  const sub = ['rules', 'models', 'environments'].map((d) => join(folder.root, d)).filter(isDir);
  const dirs = sub.length > 0 ? sub : [folder.root];
  const files = listYamlFiles(dirs, { recursive: true, skip: ['suites', 'node_modules', '.git'] }).files;
  return files.filter((f) => resolve(f) !== join(folder.root, MARKER));
}
