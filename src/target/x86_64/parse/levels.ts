import { isMap, type Node } from 'yaml';
import { error } from '../../../diag/diagnostic.js';
import type { FileReader } from '../../../parse/reader.js';
import type { LevelRuleDecl, Located, Name } from '../ast.js';
import { each, versioned, VERSIONED, type SectionReader } from './read.js';

/** `raise: {min-level: 0x14}`: property names and minimum values, in order. */
function raise(r: FileReader, node: Node | undefined): { key: Name; value: Located<number> }[] | undefined {
  if (node === undefined) return undefined;
  if (!isMap(node)) {
    r.diags.push(error('parse/expected-map', 'expected a mapping for `raise`', r.span(node)));
    return [];
  }
  return node.items.flatMap((pair) => {
    const key = r.str(pair.key as Node, 'a key of `raise`');
    const value = r.int(pair.value as Node, 'a value of `raise`');
    return key && value ? [{ key, value }] : [];
  });
}

export const cpuidLevels: SectionReader = (r, node, ast) =>
  each(r, node, 'cpuid_levels', ['id', 'words', 'feature', 'word', 'raise', 'when', 'switch', 'warning', ...VERSIONED], ['id'], (f, item) => {
    const id = r.str(f.get('id'), 'id');
    if (!id) return;
    const rule: LevelRuleDecl = { id, when: r.names(f.get('when'), 'when'), ...versioned(r, f), span: r.span(item) };
    if (f.has('words')) rule.words = r.names(f.get('words'), 'words');
    const feature = r.str(f.get('feature'), 'feature');
    const word = r.str(f.get('word'), 'word');
    const raised = raise(r, f.get('raise'));
    const sw = r.str(f.get('switch'), 'switch');
    if (feature) rule.feature = feature;
    if (word) rule.word = word;
    if (raised) rule.raise = raised;
    if (sw) rule.switch = sw;
    const warning = r.str(f.get('warning'), 'warning');
    if (warning) rule.warning = warning.value;
    if (!rule.words === !raised || (raised && !feature === !word) || (rule.words && (feature || word))) {
      r.diags.push(error('parse/bad-level-rule', `cpuid level rule \`${id.value}\` needs either \`words\` or one of \`feature\`/\`word\` with \`raise\``,
        r.span(item), 'write `words: [FEAT_1_ECX]`, or `feature: svm, raise: {min-xlevel: 0x8000000a}`'));
      return;
    }
    ast.levels.push(rule);
  });
