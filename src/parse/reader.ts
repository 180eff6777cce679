import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { didYouMean } from '../util/fuzzy.js';
import type { Located, Name } from './located.js';
import type { Outline } from './outline.js';
import { describeYamlErrors, YAML_SYNTAX_HELP } from './yaml-error.js';

type Fields = Map<string, Node>;

/**
 * Reads one YAML file into plain values with spans, reporting every shape
 * problem as a diagnostic instead of throwing.
 */
export class FileReader {
  readonly diags: Diagnostic[] = [];
  readonly root: Node | null;
  private readonly lines = new LineCounter();
  private target: Outline | undefined;

  constructor(readonly file: string, text: string) {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const problem of describeYamlErrors([...doc.errors, ...doc.warnings], text)) {
      this.diags.push(error('parse/yaml-syntax', problem.message, this.spanOf(problem.start, problem.end), YAML_SYNTAX_HELP));
    }
    this.root = doc.errors.length ? null : (doc.contents as Node | null);
  }

  /** Add this file and its top-level keys to a rule set's outline (also when it did not parse). */
  outline(outline: Outline): void {
    this.target = outline;
    outline.files.push(this.file);
    if (this.root === null && this.diags.length > 0) outline.unread.push(this.file);
    if (!isMap(this.root)) return;
    for (const pair of this.root.items) {
      if (isScalar(pair.key)) outline.sections.push({ key: String(pair.key.value), span: this.span(pair.key as Node) });
    }
  }

  /**
   * Read one list entry with `read`; when that reports a problem, the
   * entry's `name` (or `id`) goes to the outline's partial names, so the
   * check does not call references to it unknown.
   */
  entry(item: Node, read: () => void): void {
    const before = this.diags.length;
    read();
    if (this.diags.length === before || !isMap(item)) return;
    const name = item.get('name') ?? item.get('id');
    if (typeof name === 'string') this.target?.partial.push(name);
  }

  spanOf(start: number, end: number): Span {
    const { line, col } = this.lines.linePos(start);
    return { file: this.file, line, col, start, end };
  }

  span(node: Node | null | undefined, fallback?: Span): Span {
    const r = node?.range;
    return r ? this.spanOf(r[0], r[1]) : fallback ?? this.spanOf(0, 0);
  }

  /** A mapping's fields; unknown keys and missing required keys are reported. */
  fields(node: Node | null | undefined, what: string, allowed: readonly string[], required: readonly string[] = []): Fields | null {
    if (!isMap(node)) {
      this.diags.push(error('parse/expected-map', `expected a mapping for ${what}`, this.span(node)));
      return null;
    }
    const out: Fields = new Map();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) {
        this.diags.push(error('parse/unknown-key', `unknown key \`${key}\` in ${what}`,
          this.span(pair.key as Node), didYouMean(key, allowed) ?? `allowed keys: ${allowed.join(', ')}`));
        continue;
      }
      out.set(key, pair.value as Node);
    }
    for (const key of required) {
      if (!out.has(key)) this.diags.push(error('parse/missing-key', `${what} lacks \`${key}\``, this.span(node)));
    }
    return out;
  }

  list(node: Node | null | undefined, what: string): Node[] {
    if (node === undefined || node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.diags.push(error('parse/expected-list', `expected a list for ${what}`, this.span(node)));
      return [];
    }
    return node.items as Node[];
  }

  str(node: Node | undefined, what: string): Located<string> | undefined {
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'string') return { value: node.value, span: this.span(node) };
    this.diags.push(error('parse/expected-string', `expected a string for ${what}`, this.span(node)));
    return undefined;
  }

  int(node: Node | undefined, what: string): Located<number> | undefined {
    if (node === undefined) return undefined;
    if (isScalar(node) && Number.isInteger(node.value)) return { value: node.value as number, span: this.span(node) };
    this.diags.push(error('parse/expected-integer', `expected an integer for ${what}`, this.span(node)));
    return undefined;
  }

  bool(node: Node | undefined, what: string): boolean | undefined {
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.diags.push(error('parse/expected-boolean', `expected true or false for ${what}`, this.span(node)));
    return undefined;
  }

  /** A version such as "10.0"; written as a string so YAML keeps "10.0" intact. */
  version(node: Node | undefined, what: string): Located<string> | undefined {
    const v = this.str(node, what);
    if (v && !/^\d+(\.\d+){0,2}$/.test(v.value)) {
      this.diags.push(error('parse/bad-version', `\`${v.value}\` is not a version like "10.0"`, v.span));
      return undefined;
    }
    return v;
  }

  names(node: Node | undefined, what: string): Name[] {
    return this.list(node, what)
      .map((item) => this.str(item, `an entry of ${what}`))
      .filter((n): n is Name => n !== undefined);
  }
}
