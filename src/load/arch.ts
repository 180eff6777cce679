import { dirname, resolve, sep } from 'node:path';
import type { Span } from '../diag/diagnostic.js';
import { readTextFile } from './files.js';
import { listYamlFiles } from './list.js';
import type { SourceText } from './load.js';

/**
 * The architecture a rule set declares: a top-level `arch: NAME` line in any
 * of its files (conventionally profiles.yaml). Read without parsing YAML, so
 * that a cached run can pick its target before loading a parser.
 */
export function declaredArch(sources: readonly SourceText[]): { name: string; span: Span } | undefined {
  return declaredArches(sources)[0];
}

/** Every `arch:` declaration of the sources, in order. */
export function declaredArches(sources: readonly SourceText[]): { name: string; span: Span }[] {
  return sources.flatMap((s) => {
    const m = /^arch:[ \t]*["']?([A-Za-z0-9_-]+)["']?[ \t]*(?:#.*)?$/m.exec(s.text);
    if (!m) return [];
    const start = m.index + m[0].indexOf(m[1]!);
    const line = s.text.slice(0, m.index).split('\n').length;
    return [{ name: m[1]!, span: { file: s.name, line, col: start - m.index + 1, start, end: start + m[1]!.length } }];
  });
}

/**
 * The architecture a rule file belongs to, from where it lives: a path
 * component that is an architecture's name (`rules/x86_64/…`), else an
 * `arch:` line in a .yaml file of its folder or of up to two folders above.
 */
export function archOfFile(file: string, names: readonly string[]): string | undefined {
  const dirs = [dirname(resolve(file))];
  for (let i = 0; i < 2; i++) dirs.push(dirname(dirs.at(-1)!));
  const byPath = resolve(file).split(sep).find((part) => names.includes(part));
  if (byPath) return byPath;
  for (const dir of dirs) {
    const sources = yamlIn(dir);
    const declared = declaredArch(sources);
    if (declared) return declared.name;
  }
  return undefined;
}

/** The readable .yaml files of a folder (those that are not are skipped: this only guesses). */
function yamlIn(dir: string): SourceText[] {
  return listYamlFiles([dir]).files.flatMap((f) => {
    const r = readTextFile(f);
    return 'file' in r ? [{ name: f, text: r.file.text }] : [];
  });
}
